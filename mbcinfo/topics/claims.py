"""The claims register (`content/claims.yaml`): every factual sentence on the site, with the
words of the source document it rests on, and the checks that keep the two together.

A factual sentence is one with a figure (so any date or phone number), a named person or
organisation, or a medical claim. Each must be registered word for word as the site shows it,
with its `quote` from the source; the quote must be in the source word for word, and every
qualifier in it ("may", "about", "some", …) must keep an accepted equivalent in the site's
sentence. A qualifier the site leaves out on purpose is listed under `dropped` with the reason,
which editors see with every check.

Entries are keyed by the English page's slug (`page`; empty for site-wide text: site.yaml,
the glossary, templates). A translated page finds its claims through the slug it is a
translation of (`Claim.objects.for_page`).
"""
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

from .frontmatter import (Problem, compose_and_construct, UnreadableFile, excerpt, read_regular_file, yaml_error_line,
                          yaml_problem)
from .sitetext import content_sentences, read_sources, shown_path, template_sentences, topic_sentences

FILE_NAME = "claims.yaml"
FIELDS = ("page", "text", "quote", "note", "about_site", "dropped")

# Named people and organisations (as the source names them, and the short forms pages use).
NAMES = re.compile(r"\b(?:Komen|Wendy Chen|Dana-Farber|Alliance|Helpline|helpline)\b")
FIGURE = re.compile(r"\d")
# Words that make a sentence a claim about the illness, its treatment or care.
MEDICAL = re.compile(
    r"\b(?:metasta\w*|cancers?|tumou?rs?|treat\w*|therap\w*|palliative|hospice|end-of-life|symptoms?|"
    r"diagnos\w*|surviv\w*|prognosis|cur(?:e|ed|able)|stage|lymph|bones|lungs|liver|brain|anxiety|"
    r"depression|stress|spread\w*|clinical trials?|dignity|pain|oncologists?|hospitals?|medical|health care|"
    r"live longer|quality of life|counselors?|navigators?)\b", re.IGNORECASE)

# A qualifier in a quote → the words that keep its meaning in the site's sentence. Patterns are
# matched case-insensitively on whole words. "about" and "over" count only before a figure:
# elsewhere they are plain prepositions ("information about local organizations").
QUALIFIERS = {
    "may": (r"\bmay\b", r"\b(?:may|might|could)\b"),
    "about": (r"\babout (?=\$?\d)", r"\b(?:about|around|roughly|approximately) (?=\$?\d)"),
    "some": (r"\bsome\b", r"\bsome\b"),
    "most": (r"\bmost\b", r"\bmost\b"),
    "only": (r"\bonly\b", r"\bonly\b"),
    "at least": (r"\bat least\b", r"\bat least\b"),
    "more than": (r"\bmore than\b", r"\b(?:more than|over)\b"),
    "over": (r"\bover (?=\$?\d)", r"\b(?:over|more than) (?=\$?\d)"),
    "recently": (r"\brecent(?:ly)?\b", r"\brecent(?:ly)?\b"),
    "can": (r"\bcan\b", r"\b(?:can|could|may|might)\b"),
    "should": (r"\bshould\b", r"\bshould\b"),
    "one study": (r"\bone study\b", r"\b(?:one|a) study\b"),
}


@dataclass(frozen=True)
class Entry:
    page: str
    text: str
    quotes: tuple  # the source's words it rests on; empty when `note` says why it rests on none
    note: str = ""
    dropped: tuple = ()  # ((qualifier, why), ...)
    line: int = 1

    @property
    def quote(self):
        return " … ".join(self.quotes)

    @property
    def key(self):
        return (self.page, normalised(self.text))


@dataclass
class Register:
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """A problem the claims check found; `where` is "file:line"."""

    where: str
    message: str
    level: str = "error"  # "error", "warning", or "note" (a qualifier left out on purpose)
    sentence: object = None  # the sitetext.Sentence it is about; None for the register's own

    @property
    def error(self):
        return self.level == "error"

    def __str__(self):
        return f"{self.where}: {self.message}"


def normalised(text):
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


def is_factual(text):
    """Why `text` is a factual sentence (figure, name, medical claim), or "" when it is not."""
    if FIGURE.search(text):
        return "a figure"
    if NAMES.search(text):
        return "a name"
    if MEDICAL.search(text):
        return "a medical claim"
    return ""


def qualifiers_in(text):
    return [name for name, (pattern, _) in QUALIFIERS.items() if re.search(pattern, text, re.IGNORECASE)]


def lost_qualifiers(entry, source_text=None):
    """Qualifiers of the quote (and one standing just before it in the source, so a quote cut
    short cannot shed it) that the site's sentence lacks and the entry does not drop on purpose."""
    source = normalised(source_text) if source_text is not None else ""
    found = []
    for quote in entry.quotes:
        at = source.find(quote)
        if at > 0:
            quote = " ".join(source[:at].split()[-2:]) + " " + quote
        found += [name for name in qualifiers_in(quote) if name not in found]
    dropped = {name for name, _ in entry.dropped}
    return [name for name in found
            if name not in dropped and not re.search(QUALIFIERS[name][1], entry.text, re.IGNORECASE)]


def read_register(path, data):
    """Parse and check the register's bytes → Register (entries, or problems with lines)."""
    result = Register()
    problem = lambda line, message: result.problems.append(Problem(str(path), line, message))  # noqa: E731
    try:
        text = data.decode("utf-8")
        root, items = compose_and_construct(text)
    except UnicodeDecodeError:
        problem(1, "is not UTF-8 text. Save it as UTF-8.")
        return result
    except yaml.YAMLError as error:
        problem(yaml_error_line(error, text), yaml_problem(error))
        return result
    if items is None:
        return result
    if not isinstance(items, list):
        problem(1, "must be a list of claims, each starting with '- page: ...'.")
        return result
    seen = {}
    for item, node in zip(items, root.value):
        entry = _check_entry(item, node.start_mark.line + 1, problem)
        if entry is None:
            continue
        if entry.key in seen:
            problem(entry.line, f"this claim is already registered on line {seen[entry.key]}. Register each sentence once.")
            continue
        seen[entry.key] = entry.line
        result.entries.append(entry)
    if result.problems:
        result.entries = []
    return result


def _check_entry(item, line, problem):
    if not isinstance(item, dict):
        problem(line, "each claim must be 'field: value' lines starting with '- page: ...'.")
        return None
    for key in item:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else f" Known fields: {', '.join(FIELDS)}."
            problem(line, f"unknown field '{excerpt(key)}'.{hint}")
            return None
    page = item.get("page") or ""
    text, quote, note = item.get("text"), item.get("quote") or [], item.get("note") or ""
    quote = [quote] if isinstance(quote, str) else quote
    if not isinstance(page, str):
        problem(line, "'page' must be a page's slug, or empty for site-wide text.")
        return None
    if not isinstance(text, str) or not text.strip():
        problem(line, "claim is missing 'text': the sentence as the site shows it.")
        return None
    if (not isinstance(quote, list) or not all(isinstance(q, str) and q.strip() for q in quote)
            or not isinstance(note, str) or bool(quote) == bool(note.strip())):
        problem(line, "a claim needs either 'quote' (the source's words it rests on) or 'note' (why it "
                      "rests on none: it is about this site, or points to a page), not both.")
        return None
    about_site = item.get("about_site", False)
    if not isinstance(about_site, bool) or (about_site and (page or not note)):
        problem(line, "'about_site: true' is for site-wide text about this site itself (how it is "
                      "tested, when it was checked), with a 'note' and no 'page'.")
        return None
    # The site's own facts (a standard's version, a test date) cannot rest on the source; every
    # other sentence with a figure or a name must.
    if note and not about_site and (FIGURE.search(text) or NAMES.search(text)):
        problem(line, "a sentence with a figure or a name must quote the source; a 'note' is not enough "
                      "(unless it is about this site itself: 'about_site: true').")
        return None
    dropped = item.get("dropped") or {}
    if not isinstance(dropped, dict) or not all(
            name in QUALIFIERS and isinstance(why, str) and why.strip() for name, why in dropped.items()):
        problem(line, "'dropped' must map each qualifier left out on purpose (one of "
                      f"{', '.join(QUALIFIERS)}) to the reason it is left out.")
        return None
    return Entry(page=page, text=normalised(text), quotes=tuple(normalised(q) for q in quote), note=" ".join(note.split()),
                 dropped=tuple(sorted(dropped.items())), line=line)


def read_register_file(directory):
    """The directory's claims.yaml, checked; None when it has none."""
    path = Path(directory) / FILE_NAME
    if not path.exists():
        return None
    try:
        data = read_regular_file(path)
    except UnreadableFile as error:
        return Register(problems=[Problem(str(path), 0, str(error))])
    return read_register(path, data)


def public_templates():
    """The templates readers see (the site's and each app's), not the staff-only admin ones."""
    from django.template.utils import get_app_template_dirs

    roots = [Path(d) for config in settings.TEMPLATES for d in config.get("DIRS", ())]
    roots += [Path(d) for d in get_app_template_dirs("templates")]
    for root in roots:
        for path in sorted(root.rglob("*.html")):
            relative = path.relative_to(root).parts
            if relative[0] not in ("admin", "editing", "registration", "django", "markdownx"):
                yield root, path


def site_sentences(directory=None):
    """Every sentence the site shows: the content directory's, then the public templates'."""
    directory = Path(directory or settings.CONTENT_DIR)
    yield from content_sentences(directory, read_sources(directory))
    for root, path in public_templates():
        yield from template_sentences(path, root)


def source_document_text():
    """The source document's text, or None where it is not kept (it sits beside the checkout)."""
    path = getattr(settings, "SOURCE_DOCUMENT", None)
    return Path(path).read_text(encoding="utf-8") if path and Path(path).is_file() else None


def _lost_message(name, entry, text):
    return (f"the source says “{name}” (“{excerpt(entry.quote, 70)}”), but the sentence has no "
            f"equivalent: “{excerpt(text, 70)}”. Keep the qualifier, or list it under 'dropped' with the reason.")


def _edited_from(sentence, entries):
    """The registered sentence of the same page that `sentence` most likely is, edited: the
    closest one the site no longer shows, if it is close."""
    scored = [(difflib.SequenceMatcher(None, normalised(sentence.text), entry.text).ratio(), entry)
              for entry in entries if entry.page == sentence.page]
    ratio, entry = max(scored, key=lambda pair: pair[0], default=(0, None))
    return entry if ratio >= 0.75 else None


def check(sentences, register, source_text=None, register_path=FILE_NAME):
    """Findings for the sentences against the register: errors for factual sentences not
    registered, quotes not in the source and qualifiers lost; a warning for a registered sentence
    the site no longer shows; a note for each qualifier left out on purpose.

    A sentence edited since it was registered is unregistered; when it is close to a registered
    one the site no longer shows, the qualifiers of that one's quote are checked too, so an
    editor who drops "may" is told so at once, not only that the register needs updating."""
    findings = []
    by_key = {entry.key: entry for entry in register.entries}
    shown, unregistered = set(), []
    source = normalised(source_text) if source_text is not None else None
    for sentence in sentences:
        key = (sentence.page, normalised(sentence.text))
        entry = by_key.get(key)
        if entry is None:
            if reason := is_factual(sentence.text):
                unregistered.append((sentence, reason))
            continue
        shown.add(key)
        for name in lost_qualifiers(entry, source_text):
            findings.append(Finding(sentence.where(), _lost_message(name, entry, sentence.text), sentence=sentence))
        for name, why in entry.dropped:
            findings.append(Finding(sentence.where(), f"qualifier “{name}” left out on purpose: {why}", level="note",
                                    sentence=sentence))
    unshown = [entry for entry in register.entries if entry.key not in shown]
    for sentence, reason in unregistered:
        message = (f"factual sentence ({reason}) not in the claims register: “{excerpt(sentence.text, 90)}”. "
                   f"Add it to {FILE_NAME} with its source quote.")
        if was := _edited_from(sentence, unshown):
            message += f" It looks like an edit of the sentence registered at {register_path}:{was.line}."
            edited = Entry(sentence.page, normalised(sentence.text), was.quotes, dropped=was.dropped)
            for name in lost_qualifiers(edited, source_text):
                findings.append(Finding(sentence.where(), _lost_message(name, was, sentence.text), sentence=sentence))
        findings.append(Finding(sentence.where(), message, sentence=sentence))
    for entry in register.entries:
        where = f"{register_path}:{entry.line}"
        for quote in entry.quotes if source is not None else ():
            if quote not in source:
                findings.append(Finding(where, f"quote is not in the source document word for word: “{excerpt(quote, 80)}”."))
        if entry.key not in shown:
            findings.append(Finding(where, f"registered sentence is not on the site (any more): "
                                           f"“{excerpt(entry.text, 80)}”. Update or remove the entry.", level="warning"))
    return findings


def check_site(directory=None):
    """The whole check on a content directory (default: the shipped content) and the templates."""
    directory = Path(directory or settings.CONTENT_DIR)
    register = read_register_file(directory) or Register()
    if register.problems:
        return [Finding(f"{p.path}:{p.line}", p.message) for p in register.problems]
    return check(site_sentences(directory), register, source_document_text(), shown_path(directory / FILE_NAME))


def page_register(register, slugs):
    """The part of the register about the pages `slugs`."""
    return Register([entry for entry in register.entries if entry.page in slugs], register.problems)


def check_topic(topic, register):
    """Findings for one page (as the admin shows it) against its part of the register; none
    when there is no register (a content directory without one is not checked against it)."""
    if register is None:
        return []
    return check(topic_sentences(topic), page_register(register, {topic.slug}), source_document_text())


def check_site_wide(directory=None):
    """Findings for the text outside pages: the glossary, site.yaml and the templates."""
    directory = Path(directory or settings.CONTENT_DIR)
    register = read_register_file(directory)
    if register is None:
        return []
    if register.problems:
        return [Finding(f"{p.path}:{p.line}", p.message) for p in register.problems]
    sentences = list(content_sentences(directory, []))
    for root, path in public_templates():
        sentences += template_sentences(path, root)
    return check(sentences, page_register(register, {""}), source_document_text(), shown_path(directory / FILE_NAME))


def register_rows(register):
    """The register as the rows the database keeps (Claim fields), in its order."""
    return [{"page_slug": entry.page, "text": entry.text, "quote": entry.quote, "note": entry.note,
             "dropped": dict(entry.dropped), "position": position}
            for position, entry in enumerate(register.entries)]


def store_register(register):
    """Make the stored claims match the register; True when anything changed. Called inside the
    load's transaction, so the register is stored with the pages it describes, or not at all."""
    from .models import Claim

    wanted = register_rows(register)
    stored = list(Claim.objects.values("page_slug", "text", "quote", "note", "dropped", "position"))
    if stored == wanted:
        return False
    Claim.objects.all().delete()
    Claim.objects.bulk_create(Claim(**row) for row in wanted)
    return True
