"""Views are an app's own: what another app needs from it is a queryset method or a function
outside views.py, and what draws on several apps (the error pages) is the project package's."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "mbcinfo"
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def imported_modules(path):
    """Absolute names of the modules `path` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_the_apps_are_found():
    assert {"topics", "search", "editing", "serving", "offline"} <= set(APPS)


def test_no_app_imports_another_apps_views():
    crossings = [f"{path.relative_to(PACKAGE.parent)} imports {module}"
                 for app in APPS for path in (PACKAGE / app).rglob("*.py")
                 for module in imported_modules(path)
                 if any(module == f"mbcinfo.{other}.views" or module.startswith(f"mbcinfo.{other}.views.")
                        for other in APPS if other != app)]
    assert not crossings
