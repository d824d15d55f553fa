"""Dependencies point one way: topics (files → models → pages) knows nothing of the apps that
build on it, no app reaches into another's views, and only search knows Whoosh.

Read from the source with `ast`, so an import inside a function counts as much as one at the top."""
import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[1] / "mbcinfo"
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path):
    """Every module `path` imports, absolute: for `from a import b`, both a and a.b (b may be a module)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imports_of(app):
    """{module of `app`: the modules it imports}."""
    return {module_name(path): imported_names(path) for path in sorted((PACKAGE / app).rglob("*.py"))}


def within(name, package):
    return name == package or name.startswith(package + ".")


def test_the_reader_resolves_relative_and_absolute_imports(tmp_path):
    # The detector itself: an import it failed to see would make every test below pass.
    names = imported_names(PACKAGE / "editing" / "admin.py")
    assert {"mbcinfo.editing.lint", "mbcinfo.topics.models.Topic", "django.contrib.admin"} <= names


def test_the_apps_are_found():
    assert {"topics", "editing", "search", "serving"} <= set(APPS)


def test_topics_imports_nothing_from_editing_search_or_serving():
    found = [f"{module} imports {name}" for module, names in imports_of("topics").items() for name in names
             if any(within(name, f"mbcinfo.{other}") for other in ("editing", "search", "serving"))]
    assert found == []


def test_feedback_builds_on_topics_and_no_other_app_imports_it():
    # Topic pages and the topic admin reach it only through template lists named in settings.
    assert any(within(name, "mbcinfo.topics") for names in imports_of("feedback").values() for name in names)
    found = [f"{module} imports {name}" for app in APPS if app != "feedback"
             for module, names in imports_of(app).items() for name in names if within(name, "mbcinfo.feedback")]
    assert found == []


def test_no_app_imports_another_apps_views():
    found = [f"{module} imports {name}" for app in APPS for module, names in imports_of(app).items()
             for name in names for other in APPS
             if other != app and within(name, f"mbcinfo.{other}.views")]
    assert found == []


def test_only_search_imports_whoosh():
    modules = [path for path in PACKAGE.rglob("*.py") if path.relative_to(PACKAGE).parts[0] != "search"]
    found = [f"{module_name(path)} imports {name}" for path in modules for name in imported_names(path)
             if within(name, "whoosh")]
    assert found == []
