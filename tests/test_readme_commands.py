"""Every command README.md shows works exactly as written, in a fresh clone after `make run`.

The commands are read from the README itself (fenced code blocks and inline code), so a command
added there is tested here with no change to this file. Each runs through `bash -c` with its text
unchanged, in a copy of the checkout set up by `make setup` (what `make run` does before it
serves), with no site settings in the environment: no DJANGO_SECRET_KEY, no DATABASE_URL.

- `make ...` lines run with MAKEFLAGS=n, make's dry run: `make run` would serve until stopped
  and `make test` would run this suite inside itself. The target must exist and its recipe
  must expand. (So a command that serves belongs in the README as a make target.)
- Optional parts written `[--path DIR]` run twice: left out, and filled in. A placeholder (a
  capitalised word such as DIR) takes its value from PLACEHOLDERS; one this file does not know
  fails the test, naming it.
"""
import re
import shutil
import subprocess

import pytest

from .project_copy import ROOT, clean_env, copy_project

pytestmark = pytest.mark.slow

COMMAND_STARTS = (".venv/bin/python manage.py ", "make ")
# A placeholder's stand-in. {project} is the copy's path; {content_copy} a fresh copy of its content/.
PLACEHOLDERS = {"DIR": "{content_copy}", "SLUG": "treatment"}
# A command the README shows failing on purpose, with the exit code it documents (code, not comment).
EXIT_CODES = {}
OPTIONAL = re.compile(r"\s*\[([^\]]+)\]")
PLACEHOLDER = re.compile(r"\b[A-Z][A-Z_]{2,}\b")


def shown_commands(text):
    """The commands in a Markdown text, in order: lines of fenced code blocks, and inline code."""
    commands, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        candidates = [line.strip()] if fenced else re.findall(r"`([^`\n]+)`", line)
        commands += [c for c in candidates if c.startswith(COMMAND_STARTS) or c == "make"]
    unique = {}  # the first of commands that differ only in their comment
    for command in commands:
        unique.setdefault(code(command), command)
    return list(unique.values())


def code(command):
    """The command without its comment."""
    return command.partition(" #")[0].strip()


def instances(command):
    """(id, text to run): the command as written with its optional parts left out, and, when it
    has any, with them filled in."""
    bare = OPTIONAL.sub("", command)
    yield bare, bare
    if bare != command:
        filled = OPTIONAL.sub(lambda match: " " + match.group(1), command)
        yield command, filled


def instantiate(text, project, tmp_path):
    def stand_in(match):
        word = match.group(0)
        if word not in PLACEHOLDERS:
            pytest.fail(f"the README command {text!r} has a placeholder {word} that tests/test_readme_commands.py "
                        "does not know: add it to PLACEHOLDERS", pytrace=False)
        if "{content_copy}" in PLACEHOLDERS[word]:
            copy = tmp_path / "content-copy"
            if not copy.exists():
                shutil.copytree(project / "content", copy)
            return str(copy)
        return PLACEHOLDERS[word].format(project=project)

    # A command without placeholders runs exactly as written; its comment is left to bash.
    before, hash_sign, comment = text.partition(" #")
    return PLACEHOLDER.sub(stand_in, before) + hash_sign + comment


README = (ROOT / "README.md").read_text(encoding="utf-8")
CASES = [instance for command in shown_commands(README) for instance in instances(command)]


def test_the_readme_shows_the_commands_editors_need():
    """The extraction finds commands: if it found none, every test below would pass by testing nothing."""
    commands = shown_commands(README)
    assert ".venv/bin/python manage.py loadcontent" in commands
    assert any(command.startswith("make run") for command in commands)


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("readme") / "mbcinfo")
    result = subprocess.run(["make", "setup"], cwd=project, env=clean_env(), capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


@pytest.mark.parametrize("written, text", CASES, ids=[code(written) for written, _ in CASES])
def test_readme_command_works_as_written_in_a_fresh_clone(fresh_clone, tmp_path, written, text):
    command = instantiate(text, fresh_clone, tmp_path)
    env = clean_env(MAKEFLAGS="n") if command.startswith("make") else clean_env()
    # No terminal: a command that would prompt gets end-of-file instead of waiting.
    result = subprocess.run(["bash", "-c", command], cwd=fresh_clone, env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_CODES.get(code(written), 0), f"{command}\n{output[-4000:]}"
    assert "Traceback" not in output, output[-4000:]
