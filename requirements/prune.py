"""Uninstall from the running interpreter's environment each distribution a lock does not name.

`make` runs it with the venv's python BEFORE installing a lock, for two reasons. A package that
left the lock (a test tool on a server installed from the old single list, a dropped dependency)
would otherwise stay installed. And a replacement that ships the same import package
(Whoosh-Reloaded and whoosh3 both install `whoosh/`) must go in after the old one's files are
removed: uninstalling the old one afterwards would delete files the new one had just written.

Usage: python requirements/prune.py LOCK_FILE
"""

import re
import subprocess
import sys
from importlib.metadata import distributions

# The venv's own installers, and the project itself if someone `pip install -e .`-ed it.
KEEP = {"pip", "setuptools", "wheel", "mbcinfo"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_names(path):
    with open(path, encoding="utf-8") as lock:
        return {canonical(m[1]) for m in map(PIN.match, lock) if m}


def unlocked_installed(locked):
    installed = {canonical(d.metadata["Name"]) for d in distributions() if d.metadata["Name"]}
    return sorted(installed - locked - KEEP)


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} LOCK_FILE")
    extra = unlocked_installed(locked_names(argv[1]))
    if extra:
        print(f"Removing packages {argv[1]} does not list: {' '.join(extra)}")
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", *extra], check=True)


if __name__ == "__main__":
    main(sys.argv)
