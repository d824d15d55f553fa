"""loadcontent on a directory nobody checked: links, devices, pipes, NUL bytes, escape codes.

Each is refused with a `file:` message, nothing is written, and nothing the loader prints can
drive the terminal it prints to.
"""
import os
import threading

import pytest
from django.core.management import CommandError, call_command

from mbcinfo.topics import frontmatter
from mbcinfo.topics.frontmatter import MAX_FILE_BYTES, UnreadableFile, read_regular_file
from mbcinfo.topics.loader import load_directory, read_directory
from mbcinfo.topics.models import Topic

from tests.pages import page_text

pytestmark = pytest.mark.django_db


def messages(report):
    return [str(problem) for problem in report.problems]


@pytest.fixture
def stored_bodies(content_dir):
    """The two good pages stored; each test then adds something hostile to the directory."""
    assert load_directory(content_dir).ok
    return {topic.slug: topic.body_html for topic in Topic.objects.all()}


def assert_refused_and_nothing_changed(content_dir, stored_bodies, name, expected):
    (content_dir / "first.md").write_text(page_text("first", related="[second]", body="## New\n\nNew words.\n"))
    report = load_directory(content_dir)
    assert not report.ok
    found = [m for m in messages(report) if m.startswith(f"{content_dir / name}: ")]
    assert found and expected in found[0], messages(report)
    assert {topic.slug: topic.body_html for topic in Topic.objects.all()} == stored_bodies
    return found[0]


def test_loader_refuses_a_symlink_to_a_page_outside_the_directory(content_dir, stored_bodies, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text(page_text("secret"))
    (content_dir / "secret.md").symlink_to(outside / "secret.md")
    message = assert_refused_and_nothing_changed(content_dir, stored_bodies, "secret.md", "is a symbolic link")
    assert "outside the content directory" in message
    assert not Topic.objects.filter(slug="secret").exists()


def test_loader_refuses_a_symlink_inside_the_directory_too(content_dir, stored_bodies):
    """Decided: no link is followed, so what is loaded is exactly the files in the directory."""
    (content_dir / "copy.md").symlink_to(content_dir / "first.md")
    message = assert_refused_and_nothing_changed(content_dir, stored_bodies, "copy.md", "is a symbolic link")
    assert "a file in the same directory" in message


def test_loader_refuses_a_symlink_to_dev_zero_without_reading_it(content_dir, stored_bodies):
    (content_dir / "zero.md").symlink_to("/dev/zero")
    assert_refused_and_nothing_changed(content_dir, stored_bodies, "zero.md", "is a symbolic link")


def test_loader_refuses_a_directory_named_like_a_page(content_dir, stored_bodies):
    (content_dir / "d.md").mkdir()
    assert_refused_and_nothing_changed(content_dir, stored_bodies, "d.md", "is a directory, not a file")


def test_loader_refuses_a_fifo_without_waiting_for_a_writer(content_dir, stored_bodies):
    fifo = content_dir / "pipe.md"
    os.mkfifo(fifo)
    # Phase one (reading, no database) in a thread, so a hang fails the test instead of the suite.
    worker = threading.Thread(target=read_directory, args=(content_dir,), daemon=True)
    worker.start()
    worker.join(60)  # a guard against hanging, not a timing: reading takes well under a second
    if worker.is_alive():
        # Unblock the reader (a writer opens and closes the pipe) so the thread can end.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
        pytest.fail("reading a directory holding a FIFO waited for a writer")
    assert_refused_and_nothing_changed(content_dir, stored_bodies, "pipe.md",
                                       "is a named pipe (FIFO), not a file. Remove it or rename it.")


def test_a_fifo_swapped_in_after_the_check_is_refused_on_the_open_descriptor(tmp_path, monkeypatch):
    """lstat said "a file", then the name became a FIFO: opened without blocking, refused by fstat."""
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    regular = os.lstat(__file__)
    monkeypatch.setattr(frontmatter.os, "lstat", lambda path: regular)
    with pytest.raises(UnreadableFile, match="named pipe"):
        read_regular_file(fifo)


def test_the_safe_reader_takes_a_file_at_the_limit_and_refuses_one_byte_more(tmp_path):
    at_limit, over = tmp_path / "at.md", tmp_path / "over.md"
    at_limit.write_bytes(b"a" * 1000)
    over.write_bytes(b"a" * 1001)
    assert read_regular_file(at_limit, limit=1000) == b"a" * 1000
    with pytest.raises(UnreadableFile, match="file is 1,001 bytes; the limit is 1,000"):
        read_regular_file(over, limit=1000)


def test_the_safe_reader_never_reads_more_than_one_byte_past_the_limit(tmp_path, monkeypatch):
    """A file whose size grew after fstat (or that lies about it) is still read only so far."""
    path = tmp_path / "growing.md"
    path.write_bytes(b"a" * 5000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(frontmatter.os, "fstat", lambda fd: Small(real_fstat(fd)))
    reads = []
    real_fdopen = os.fdopen

    def spying_fdopen(fd, mode):
        stream = real_fdopen(fd, mode)
        real_read = stream.read
        stream.read = lambda size=-1: reads.append(size) or real_read(size)
        return stream

    monkeypatch.setattr(frontmatter.os, "fdopen", spying_fdopen)
    with pytest.raises(UnreadableFile, match="more than 1,000 bytes"):
        read_regular_file(path, limit=1000)
    assert reads == [1001]


def test_loader_refuses_a_page_over_the_size_limit_before_reading_it(content_dir, stored_bodies):
    (content_dir / "big.md").write_bytes(page_text("big").encode() + b"a" * MAX_FILE_BYTES)
    assert_refused_and_nothing_changed(content_dir, stored_bodies, "big.md", "the limit is 1,048,576")


@pytest.mark.parametrize("where, text, line", [
    ("body", page_text("nul", body="## A\n\nText\x00more.\n"), 17),
    ("front matter", page_text("nul").replace("A short summary.", "A short\x00 summary."), 4),
])
def test_loader_refuses_a_nul_character_on_its_line(content_dir, stored_bodies, where, text, line):
    """PostgreSQL refuses NUL in text with a traceback; SQLite stores it. Refused on both."""
    (content_dir / "nul.md").write_text(text)
    report = load_directory(content_dir)
    assert f"{content_dir / 'nul.md'}:{line}: contains a NUL character (byte 0x00)" in "\n".join(messages(report))
    assert not Topic.objects.filter(slug="nul").exists()
    assert {topic.slug: topic.body_html for topic in Topic.objects.all()} == stored_bodies


def test_escape_codes_in_file_names_and_yaml_keys_are_printed_escaped(content_dir, stored_bodies, capsys):
    # A double-quoted YAML key may hold any character, written as an escape (\e is ESC).
    front = page_text("keys").replace("summary:", '"\\e]0;owned\\a\\e[2Jsummary":')
    (content_dir / "keys.md").write_text(front)
    (content_dir / "\x1b[31mred\u202e.md").write_text("---\ntitle: x\n---\nBody\n")
    with pytest.raises(CommandError):
        call_command("loadcontent", path=str(content_dir))
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "unknown field '\\x1b]0;owned\\x07\\x1b[2Jsummary'" in err
    assert "\\x1b[31mred\\u202e.md:1: missing required field 'slug'" in err


def test_escape_codes_in_skipped_file_notices_are_printed_escaped(content_dir, capsys):
    (content_dir / "README\x1b[2J.md").write_text("# About\n")
    # Not a page by its name only when the name is plain; either way the output is escaped.
    with pytest.raises(CommandError):
        call_command("loadcontent", path=str(content_dir))
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "README\\x1b[2J.md" in captured.out + captured.err


def test_a_symlinked_glossary_is_refused_and_nothing_is_written(content_dir, stored_bodies, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("[]\n")
    (content_dir / "glossary.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    assert_refused_and_nothing_changed(content_dir, stored_bodies, "glossary.yaml", "is a symbolic link")
