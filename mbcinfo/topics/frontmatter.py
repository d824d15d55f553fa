"""Reading one content file: bytes → front matter (a dict) and Markdown body, or problems.

Every problem carries the file, the line and what to do about it, because the person reading
it is an editor fixing a page, not a developer reading a traceback.
"""
import datetime
import difflib
import errno
import functools
import os
import re
import reprlib
import stat
import unicodedata
from dataclasses import dataclass, field

import yaml

from . import rendering, routes

MAX_FILE_BYTES = 1024 * 1024
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE = "---"


def printable(text):
    """`text` safe to print on a terminal: control and format characters (an escape sequence
    in a file name or a YAML key, a right-to-left override) are shown escaped, as \\x1b."""
    return "".join(char.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(char) in ("Cc", "Cf") else char for char in str(text))


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 0: the file as a whole (it could not be read), so no line is named
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.message}")


class UnreadableFile(Exception):
    """A content file that is not one to read: the message says why, for `path: message`."""


FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
              (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def _kind(mode):
    return next((name for test, name in FILE_KINDS if test(mode)), "not a regular file")


def read_regular_file(path, limit=MAX_FILE_BYTES):
    """The bytes of the regular file at `path`, at most `limit` of them; raises UnreadableFile.

    A content directory is not trusted: a symbolic link (to a page elsewhere, or to /dev/zero)
    is refused, wherever it points, so what is loaded is exactly what is in the directory; a
    directory, device or FIFO is refused without reading it. The file is opened without
    following a link and without blocking (a FIFO swapped in after the check cannot hang the
    load), checked again on the open descriptor, and read no further than `limit` + 1 bytes,
    so a file that grows meanwhile cannot be read without end."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror}).") from error
    if stat.S_ISLNK(info.st_mode):
        target, base = os.path.realpath(path), os.path.realpath(os.path.dirname(path))
        inside = os.path.commonpath([target, base]) == base
        where = "a file in the same directory" if inside else f"{target}, outside the content directory"
        raise UnreadableFile(f"is a symbolic link (to {where}); symbolic links are not followed. "
                             "Put the file itself here.")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"is {_kind(info.st_mode)}, not a file. Remove it or rename it.")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        reason = "it was replaced by a symbolic link" if error.errno == errno.ELOOP else error.strerror
        raise UnreadableFile(f"cannot be read ({reason}).") from error
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"is {_kind(info.st_mode)}, not a file. Remove it or rename it.")
        if info.st_size > limit:
            raise UnreadableFile(_too_big(f"{info.st_size:,} bytes", limit))
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(_too_big(f"more than {limit:,} bytes", limit))
    return data


def _too_big(size, limit):
    return f"file is {size}; the limit is {limit:,} ({limit / 1024 / 1024:g} MB). Split it into smaller pages."


# Field name → (expected Python types, description for messages, required).
FIELDS = {
    "title": ((str,), "text", True),
    "slug": ((str,), "text (lowercase-with-hyphens)", True),
    "summary": ((str,), "text", True),
    "section": ((str,), "text", False),
    "order": ((int,), "a whole number", False),
    "audiences": ((list,), "a list of reader routes", False),
    "last_reviewed": ((datetime.date,), "a date (YYYY-MM-DD)", False),
    "next_review": ((datetime.date,), "a date (YYYY-MM-DD)", False),
    "sources": ((list,), "a list of {publisher, title}", False),
    "related": ((list,), "a list of page slugs", False),
    "changes": ((list,), "a list of {date, note}", False),
    "questions": ((list,), "a list of questions for the care team", False),
    "status": ((str,), "draft or published", False),
    # Translations only (content/<language>/); the loader refuses them on English pages.
    "translation_of": ((str,), "the English page's slug", False),
    "translated_from": ((str,), "the English page's text hash (64 hex digits)", False),
}
FIELD_ORDER = list(FIELDS)
STATUSES = ("draft", "published")
# A change note is one line a reader scans in a list ("What changed", /updates/, the feed).
MAX_CHANGE_NOTE = 200
# Suggested questions for the appointment sheet: a handful of short prompts a reader can tick.
MAX_QUESTIONS = 8
MAX_QUESTION_CHARS = 150


# libyaml's parser when PyYAML has it: the pure-Python one was half of loadcontent's time on
# the 2,802-page corpus (bench/loadcontent_time.py).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ANCHORS_NOT_ALLOWED = "anchors and aliases ('&name', '*name') are not allowed"


class AnchorNotAllowed(yaml.composer.ComposerError):
    pass


class _NoAnchorsComposer(yaml.composer.Composer):
    """Builds nodes as PyYAML's composer does, but stops at the first anchor or alias.

    An alias repeats a value without retyping it, so 372 typed bytes of nested aliases stand
    for 10^6 values, and nine levels for billions: whatever walks them (a message quoting the
    value, the JSON a page is stored as) runs out of time or memory. No content file needs
    them, so they are refused before any node is built, with the line they are on."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise AnchorNotAllowed(None, None, ANCHORS_NOT_ALLOWED, event.start_mark)
        return super().compose_node(parent, index)


class SafeYAMLLoader(_NoAnchorsComposer, _SAFE_LOADER):
    """PyYAML's safe loader, with no anchors or aliases: for every YAML text an editor writes
    (front matter, the admin's Sources field, site.yaml, glossary.yaml, synonyms.yaml)."""

    def __init__(self, stream):
        _SAFE_LOADER.__init__(self, stream)
        yaml.composer.Composer.__init__(self)  # libyaml's loader composes in C; this composer is Python's


class FrontMatterLoader(SafeYAMLLoader):
    """Safe YAML that leaves dates as text, so a bad date is reported on its line, not raised."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceFile:
    """A content file that parsed and validated: ready to be stored."""

    path: str
    raw: str
    meta: dict
    extra: dict
    body: str
    body_line: int  # line number in the file of the body's first line
    problems: list = field(default_factory=list)
    # Set on a file the loader took as already known without parsing it (`known`): parses it.
    parse_fully: object = None

    @property
    def slug(self):
        return self.meta.get("slug")

    def full(self):
        """This file parsed and checked in full (itself, unless it was taken as `known`)."""
        return self.parse_fully() if self.parse_fully else self


_QUOTED = reprlib.Repr()  # Python 3.11's takes no arguments: limits are set as attributes
_QUOTED.maxlevel, _QUOTED.maxstring, _QUOTED.maxother, _QUOTED.maxlong = 2, 70, 70, 70
_QUOTED.maxdict = _QUOTED.maxlist = _QUOTED.maxtuple = _QUOTED.maxset = 3


def excerpt(value, limit=60):
    """A value as a message may quote it: at most `limit` characters, then "…". Text is shown
    as it is; anything else as Python would write it, built no further than it is shown, so
    quoting a huge value costs nothing (a message that quoted one in full ran out of memory)."""
    text = value if isinstance(value, str) else _QUOTED.repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def yaml_problem(error):
    """What is wrong with some YAML, for a message that starts with what was read."""
    if isinstance(error, AnchorNotAllowed):
        return ("has an anchor or alias ('&name' or '*name'); these are not allowed here. "
                "Write each value out in full.")
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"is not valid YAML ({excerpt(reason, 120)}). Check quotes, colons and indentation."


def yaml_error_line(error, text):
    """The 1-based line of `text` a YAML error is on. libyaml puts an error at the end of a
    text without a final newline on the line after it; that is its last line."""
    mark = getattr(error, "problem_mark", None)
    return min(mark.line + 1, text.count("\n") + 1) if mark else 1


def _line_of_key(front_lines, key):
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, text in enumerate(front_lines, start=2):
        if pattern.match(text):
            return number
    return 1


def decode(path, data):
    """Return (text, problems). Content files must be UTF-8 and at most 1 MB."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} "
                                       "(1 MB). Split it into smaller pages.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "file is not UTF-8 text (byte "
                                          f"0x{data[error.start]:02x}). Save it as UTF-8.")]
    # PostgreSQL cannot store a NUL character in text (SQLite can): refused on every database,
    # so a file that loads on one loads on all.
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(path, line, "contains a NUL character (byte 0x00), which no page can "
                                          "hold. Remove it; the file may not be text at all.")]
    return text.removeprefix("\ufeff"), []


def _coerce_date(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def text_of(path, data):
    """(text as stored and hashed, problems): UTF-8, no byte order mark, \\n line ends."""
    text, problems = decode(path, data)
    return (text.replace("\r\n", "\n") if text is not None else None), problems


def known(path, text, slug, related, extra, parse_fully):
    """A file known to be, byte for byte, one that was parsed, checked and stored before, with
    the stored page still as it left it: only what the loader's cross-file checks read (slug,
    related pages) is filled in, from the page. `parse_fully()` gives the real SourceFile."""
    return SourceFile(path, text, {"slug": slug, "related": list(related)}, dict(extra), "", 1,
                      parse_fully=parse_fully)


def parse(path, data, allow_extra_fields=False):
    """Parse and check one file on its own. Cross-file checks (duplicates, links) come later."""
    text, problems = text_of(path, data)
    if text is None:
        return SourceFile(path, "", {}, {}, "", 1, problems)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return SourceFile(path, text, {}, {}, "", 1, [Problem(
            path, 1, "no front matter: the file must start with a line '---', then the fields "
                     "(title, slug, summary, …), then another '---' line, then the page text.")])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        return SourceFile(path, text, {}, {}, "", 1, [Problem(
            path, 1, "front matter is not closed: add a line '---' after the last field.")])
    front_lines = lines[1:end]
    body = "\n".join(lines[end + 1:])
    source = SourceFile(path, text, {}, {}, body, end + 2)
    try:
        data = yaml.load("\n".join(front_lines), Loader=FrontMatterLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        source.problems.append(Problem(path, line, f"front matter {yaml_problem(error)}"))
        return source
    if not isinstance(data, dict):
        source.problems.append(Problem(path, 2, "front matter must be 'field: value' lines."))
        return source
    _check_fields(source, data, front_lines, allow_extra_fields)
    if not body.strip():
        source.problems.append(Problem(path, end + 2, "the page has no text after the front "
                                                      "matter. Write the page body."))
    elif refused := rendering.refusal(body.strip("\n")):
        # Checked without the blank lines around it, as the admin checks the text it exports.
        leading = len(body) - len(body.lstrip("\n"))
        source.problems.append(Problem(path, end + 1 + leading + refused.line, refused.message))
    return source


def _check_fields(source, data, front_lines, allow_extra_fields):
    path = source.path
    for key, value in data.items():
        key = str(key)
        # Only a problem needs the line, and finding it is most of this loop's time.
        line = functools.partial(_line_of_key, front_lines, key)
        if key not in FIELDS:
            if allow_extra_fields:
                source.extra[key] = value
                continue
            close = difflib.get_close_matches(key, FIELD_ORDER, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Known fields: {', '.join(FIELD_ORDER)}."
            source.problems.append(Problem(path, line(), f"unknown field '{excerpt(key)}'.{hint}"))
            continue
        types, description, _ = FIELDS[key]
        if key in ("last_reviewed", "next_review"):
            date = _coerce_date(value)
            if date is None:
                source.problems.append(Problem(path, line(), f"'{key}' is {excerpt(value)}, not a real "
                                                             "date. Write it as YYYY-MM-DD, e.g. 2026-11-26."))
            else:
                source.meta[key] = date
            continue
        if key == "changes":
            if (notes := _change_notes(source, value, line)) is not None:
                source.meta[key] = notes
            continue
        if not isinstance(value, types) or isinstance(value, bool):
            source.problems.append(Problem(path, line(), f"'{key}' must be {description}, "
                                                         f"not {type(value).__name__}."))
            continue
        source.meta[key] = value.strip() if isinstance(value, str) else value
    for key, (_, description, required) in FIELDS.items():
        if required and key not in source.meta and key not in data:
            source.problems.append(Problem(path, 1, f"missing required field '{key}' ({description})."))
        elif isinstance(source.meta.get(key), str) and required and not source.meta[key]:
            source.problems.append(Problem(path, _line_of_key(front_lines, key), f"'{key}' is empty."))
    slug = source.meta.get("slug")
    if isinstance(slug, str) and slug and not SLUG_PATTERN.match(slug):
        source.problems.append(Problem(path, _line_of_key(front_lines, "slug"),
                                       f"slug '{excerpt(slug)}' must be lowercase letters, digits and single "
                                       "hyphens, e.g. 'palliative-care'."))
    status = source.meta.get("status")
    if status is not None and status not in STATUSES:
        source.problems.append(Problem(path, _line_of_key(front_lines, "status"),
                                       f"status '{excerpt(status)}' must be 'draft' or 'published'."))
    _check_list_items(source, front_lines)


CHANGES_EXAMPLE = "e.g. '- date: 2026-11-26' then '  note: Added the helpline's number.'"


def _change_notes(source, value, line):
    """The `changes` list as [{date, note}] (dates as dates), or None after adding the problem.

    A major revision carries one note a reader can read in a line: what changed, on which day."""
    if not isinstance(value, list):
        source.problems.append(Problem(source.path, line(), f"'changes' must be a list of change notes, {CHANGES_EXAMPLE}."))
        return None
    notes = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"date", "note"}:
            problem = f"each entry of 'changes' needs a 'date' and a 'note' and nothing else, {CHANGES_EXAMPLE}."
        elif (date := _coerce_date(item["date"])) is None:
            problem = f"a change note's date is {excerpt(item['date'])}, not a real date. Write it as YYYY-MM-DD."
        elif not isinstance(item["note"], str) or not item["note"].strip():
            problem = "a change note's 'note' is empty. Say in one line what changed."
        elif "\n" in item["note"].strip():
            problem = "a change note must be one line. Say what changed in one sentence."
        elif len(item["note"].strip()) > MAX_CHANGE_NOTE:
            problem = (f"a change note is {len(item['note'].strip())} characters; the limit is "
                       f"{MAX_CHANGE_NOTE}. Say what changed in one short line.")
        else:
            notes.append({"date": date, "note": item["note"].strip()})
            continue
        source.problems.append(Problem(source.path, line(), problem))
        return None
    return notes


def _check_list_items(source, front_lines):
    audiences = source.meta.get("audiences")
    if audiences is not None:
        if not all(isinstance(item, str) for item in audiences):
            source.problems.append(Problem(source.path, _line_of_key(front_lines, "audiences"),
                                           "'audiences' must list reader routes as text."))
        elif unknown := routes.unknown_audiences(audiences):
            source.problems.append(Problem(
                source.path, _line_of_key(front_lines, "audiences"),
                f"'audiences' names '{excerpt(unknown[0])}', which is no reader route. "
                f"Use some of: {', '.join(routes.KEYS)}."))
    related = source.meta.get("related")
    if related is not None and not all(isinstance(item, str) for item in related):
        source.problems.append(Problem(source.path, _line_of_key(front_lines, "related"),
                                       "'related' must list page slugs as text."))
    questions = source.meta.get("questions")
    if questions is not None:
        line = _line_of_key(front_lines, "questions")
        for problem in question_problems(questions):
            source.problems.append(Problem(source.path, line, problem))
    sources = source.meta.get("sources")
    if sources is not None:
        for item in sources:
            if not (isinstance(item, dict) and isinstance(item.get("publisher"), str)
                    and isinstance(item.get("title"), str)):
                source.problems.append(Problem(
                    source.path, _line_of_key(front_lines, "sources"),
                    "each entry of 'sources' needs 'publisher' and 'title', e.g. "
                    "'- publisher: Susan G. Komen' then '  title: Metastatic Breast Cancer'."))
                break


def question_problems(questions):
    """What is wrong with a page's suggested questions, each as a message for the editor.

    They are prompts the reader takes to the care team, never statements: each must be a
    question (it ends with "?"), short enough to read at a glance, and said once."""
    if not all(isinstance(item, str) and item.strip() for item in questions):
        return ["'questions' must list questions as text, one per line, e.g. "
                "'- What treatment options do I have?'."]
    problems = []
    if len(questions) > MAX_QUESTIONS:
        problems.append(f"'questions' lists {len(questions)}; at most {MAX_QUESTIONS} fit on the "
                        "printed sheet. Keep the ones that matter most.")
    for item in questions:
        text = item.strip()
        if not text.endswith("?"):
            problems.append(f"'{excerpt(text)}' in 'questions' is not a question: write it as one "
                            "the reader can ask the care team, ending with '?'.")
        if len(text) > MAX_QUESTION_CHARS:
            problems.append(f"'{excerpt(text)}' in 'questions' has {len(text)} characters; the limit "
                            f"is {MAX_QUESTION_CHARS}. Ask it in fewer words.")
    seen = set()
    for item in questions:
        key = " ".join(item.split()).casefold()
        if key in seen:
            problems.append(f"'{excerpt(item.strip())}' is in 'questions' twice. Remove one.")
        seen.add(key)
    return problems


# Writing a content file: the inverse of parse(), in one stable layout (known fields in
# FIELD_ORDER, then extra fields by name), so that exporting a page gives back the bytes the
# loader read. libyaml's emitter when present: it writes the same text ten times faster.
class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """The safe dumper, which also writes text subclasses (a model's choice such as
    Topic.Status.DRAFT, which is what code assigns) as the plain text they hold."""


Dumper.add_multi_representer(str, lambda dumper, value: dumper.represent_str(str.__str__(value)))
DATE_FIELDS = ("last_reviewed", "next_review")
NO_WRAP = 2**31 - 1  # one field, one line: long summaries stay on their line, as editors write them
SOURCE_KEY_ORDER = ("publisher", "title")


def json_safe(value):
    """Front matter as JSON can hold it: dates become YYYY-MM-DD, other YAML types text."""
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_safe(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def in_stable_order(value):
    """Mappings inside the front matter in a stable key order (publisher and title first, then
    by name). The same page must give the same text whether its front matter came from a file or
    from a JSON column, and PostgreSQL's jsonb keeps keys in an order of its own."""
    if isinstance(value, dict):
        rank = {key: index for index, key in enumerate(SOURCE_KEY_ORDER)}
        return {key: in_stable_order(value[key]) for key in sorted(value, key=lambda k: (rank.get(k, len(rank)), k))}
    if isinstance(value, list):
        return [in_stable_order(item) for item in value]
    return value


def dump(meta, body):
    """Front matter (a dict) and a Markdown body → the text of a content file."""
    ordered = {key: in_stable_order(meta[key]) for key in FIELD_ORDER if key in meta}
    ordered.update((key, in_stable_order(meta[key])) for key in sorted(meta) if key not in FIELDS)
    for key in DATE_FIELDS:
        # Revisions keep dates as JSON text; written back they must be dates, not quoted strings.
        if isinstance(ordered.get(key), str):
            ordered[key] = datetime.date.fromisoformat(ordered[key])
    if ordered.get("changes"):  # the same for the date of each change note
        ordered["changes"] = [{**item, "date": datetime.date.fromisoformat(item["date"])}
                              if isinstance(item.get("date"), str) else item for item in ordered["changes"]]
    front = yaml.dump(ordered, Dumper=Dumper, sort_keys=False, allow_unicode=True,
                      default_flow_style=False, width=NO_WRAP)
    body = body.replace("\r\n", "\n").replace("\r", "\n").rstrip().lstrip("\n")
    return f"{FENCE}\n{front}{FENCE}\n\n{body}\n"


def compose_and_construct(text):
    """The document's node tree (its marks give each entry's line) and the values built from
    it, from one parse: what yaml.compose and yaml.load would each parse again."""
    loader = SafeYAMLLoader(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()
