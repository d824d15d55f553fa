"""pyproject.toml and the hashed locks in requirements/: a server gets the site's dependencies and
nothing else, every direct dependency is locked, and every locked package has its hashes."""
import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
TEST_LOCK = ROOT / "requirements" / "test.txt"
BENCH_LOCK = ROOT / "requirements" / "bench.txt"
# What must never be installed on a server, whatever pyproject's test extra says.
TEST_TOOLS = {"pytest", "pytest-django", "playwright", "axe-playwright-python", "greenlet", "pyee"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s+\\)?$")


def read_lock(path):
    """{name: (version, [hashes])} for each pin of a pip-compile lock."""
    pins, current = {}, None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = (match[2], [])
        elif (hash_match := re.search(r"--hash=(sha256:[0-9a-f]{64})", line)) and current:
            pins[current][1].append(hash_match[1])
        elif line and not line.startswith((" ", "#")):
            current = None
    return pins


def direct(requirements):
    return [Requirement(text) for text in requirements]


RUNTIME = direct(PROJECT["dependencies"])
TEST = direct(PROJECT["optional-dependencies"]["test"])
BENCH = direct(PROJECT["optional-dependencies"]["bench"])


def extra_names(requirement):
    """The packages a requirement's extras add (whitenoise[brotli] → brotli), from the
    installed distribution's metadata."""
    names = set()
    for text in requires(requirement.name) or []:
        dependency = Requirement(text)
        if dependency.marker and any(dependency.marker.evaluate({"extra": extra}) and
                                     not dependency.marker.evaluate({"extra": ""})
                                     for extra in requirement.extras):
            names.add(canonicalize_name(dependency.name))
    return names


def test_the_runtime_lock_holds_no_test_tool():
    locked = set(read_lock(RUNTIME_LOCK))
    forbidden = TEST_TOOLS | {canonicalize_name(r.name) for r in TEST}
    assert not locked & forbidden, f"test tools in {RUNTIME_LOCK.name}: {sorted(locked & forbidden)}"


@pytest.mark.parametrize("lock, requirements", [(RUNTIME_LOCK, RUNTIME), (TEST_LOCK, RUNTIME + TEST)],
                         ids=["runtime", "test"])
def test_every_direct_dependency_and_its_extras_are_in_the_lock_at_a_version_it_allows(lock, requirements):
    pins = read_lock(lock)
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock.name}: run `make lock`"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (requirement, pins[name][0])
        missing = extra_names(requirement) - set(pins)
        assert not missing, f"{requirement}: its extras need {sorted(missing)}, not in {lock.name}"


def test_the_test_lock_installs_the_same_versions_as_the_runtime_lock():
    runtime, test = read_lock(RUNTIME_LOCK), read_lock(TEST_LOCK)
    assert {name: test[name][0] for name in runtime if name in test} == {n: v for n, (v, _) in runtime.items()}


def test_the_benchmark_lock_adds_its_tools_to_the_test_lock_at_the_same_versions():
    test, bench = read_lock(TEST_LOCK), read_lock(BENCH_LOCK)
    assert {name: bench[name][0] for name in test if name in bench} == {n: v for n, (v, _) in test.items()}
    for requirement in BENCH:
        name = canonicalize_name(requirement.name)
        assert name in bench and requirement.specifier.contains(bench[name][0]), f"{requirement}: run `make lock`"


def test_neither_the_runtime_nor_the_test_lock_holds_a_benchmark_tool():
    tools = {canonicalize_name(r.name) for r in BENCH}
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        assert not tools & set(read_lock(lock)), f"benchmark tools in {lock.name}"


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, TEST_LOCK, BENCH_LOCK], ids=["runtime", "test", "bench"])
def test_every_pin_carries_hashes(lock):
    pins = read_lock(lock)
    assert pins and all(hashes for _, hashes in pins.values()), [n for n, (_, h) in pins.items() if not h]


def imported_top_level_names(paths):
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_the_site_imports_only_direct_dependencies():
    """A package the site imports but pyproject does not list would arrive only through another
    package's dependencies, and leave when that one drops it."""
    sources = [*ROOT.glob("mbcinfo/**/*.py"), ROOT / "manage.py", ROOT / "gunicorn.conf.py"]
    owners = packages_distributions()
    listed = {canonicalize_name(r.name) for r in RUNTIME}
    third_party = {name for name in imported_top_level_names(sources)
                   if name not in sys.stdlib_module_names and name != "mbcinfo"}
    unlisted = {name: owners.get(name) for name in third_party
                if not {canonicalize_name(d) for d in owners.get(name, [])} & listed}
    assert not unlisted, f"imported but not a direct dependency in pyproject.toml: {unlisted}"


def test_every_package_directory_has_an_init_so_pip_install_ships_it():
    """pyproject's package discovery finds only directories with an __init__.py: a module
    elsewhere would be missing from `pip install .`."""
    missing = sorted({str(p.parent.relative_to(ROOT)) for p in ROOT.glob("mbcinfo/**/*.py")
                      if not (p.parent / "__init__.py").exists()})
    assert not missing


def load_prune():
    import importlib.util

    spec = importlib.util.spec_from_file_location("prune", ROOT / "requirements" / "prune.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_prune_removes_what_the_lock_does_not_name_and_keeps_the_installers(monkeypatch):
    prune = load_prune()
    assert prune.locked_names(RUNTIME_LOCK) == set(read_lock(RUNTIME_LOCK))

    class Dist:
        def __init__(self, name):
            self.metadata = {"Name": name}

    installed = ["Django", "whoosh3", "Whoosh-Reloaded", "pytest", "pip", "setuptools", "PyYAML"]
    monkeypatch.setattr(prune, "distributions", lambda: [Dist(name) for name in installed])
    assert prune.unlocked_installed(prune.locked_names(RUNTIME_LOCK)) == ["pytest", "whoosh-reloaded"]
    assert prune.unlocked_installed(prune.locked_names(TEST_LOCK)) == ["whoosh-reloaded"]
