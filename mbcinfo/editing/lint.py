"""Plain-language and content checks for one page, shared by `checkcontent` and the admin.

Errors are things that break the page or mislead (a link to nowhere, an image a screen reader
cannot describe, no review dates); they make `checkcontent` exit non-zero. Warnings are style:
hard reading, long sentences, vague link text, a review that is due. Notes just inform.
"""
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import translation

from django.conf import settings

from mbcinfo.editing import readability
from mbcinfo.languages import language_of_path
from mbcinfo.topics import claims
from mbcinfo.topics.links import missing_pages
from mbcinfo.topics.loader import collection_name, read_directory, render_page
from mbcinfo.topics.models import Topic
from mbcinfo.topics.rendering import render_body

ERROR, WARNING, NOTE = "error", "warning", "note"
GRADE_LIMIT = 8  # US school grade; NHS and MedlinePlus aim at 6 to 8 for health information
# Spanish on the INFLESZ scale, where higher is easier: 55 to 65 reads as "normal", 65 to 80 as
# "bastante fácil". Summaries are read first and alone (search results, the home page), so
# they aim one band easier than bodies.
INFLESZ_BODY_MINIMUM = 55
INFLESZ_SUMMARY_MINIMUM = 65
SENTENCE_WORD_LIMIT = 25
DUE_SOON_DAYS = 30
# What the upload view writes as alt text, so an editor who forgets to describe the image is told.
ALT_PLACEHOLDER = "Describe the image here"
VAGUE_LINK_TEXT = {
    "click here", "here", "click", "read more", "more", "learn more", "find out more", "more info",
    "more information", "this page", "this link", "link", "this", "go", "see here", "details",
}
ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Finding:
    level: str
    message: str
    line: int | None = None  # line within the page body

    def __str__(self):
        where = f"body line {self.line}: " if self.line else ""
        return f"{self.level}: {where}{self.message}"


@dataclass
class PageReport:
    slug: str
    title: str
    grade_body: float | None = None
    grade_summary: float | None = None
    findings: list = field(default_factory=list)

    @property
    def errors(self):
        return [finding for finding in self.findings if finding.level == ERROR]

    @property
    def warnings(self):
        return [finding for finding in self.findings if finding.level == WARNING]


@dataclass(frozen=True)
class KnownPage:
    status: str
    anchors: frozenset

    @classmethod
    def of(cls, status, html):
        return cls(status, frozenset(ID_ATTRIBUTE.findall(html or "")))


class KnownPages:
    """The pages a link may point to (stored and not withdrawn), with their anchors.

    A whole-site check loads them all in one query; the admin, checking one page, looks up only
    the pages that page links to. `extra` Topics (saved or not, rendered) join or replace stored
    pages by slug; `exclude_collection` leaves out stored pages that files being checked replace.
    """

    def __init__(self, extra=(), exclude_collection=None, load_all=True):
        self._stored = Topic.objects.filter(withdrawn=False).only("slug", "status", "body_html")
        if exclude_collection is not None:
            self._stored = self._stored.exclude(collection=exclude_collection)
        self._complete = load_all
        self._pages = {topic.slug: KnownPage.of(topic.status, topic.body_html)
                       for topic in (self._stored if load_all else ())}
        self._pages.update((topic.slug, KnownPage.of(topic.status, topic.body_html)) for topic in extra)

    def get(self, slug):
        if slug not in self._pages and not self._complete:
            topic = self._stored.filter(slug=slug).first()
            self._pages[slug] = KnownPage.of(topic.status, topic.body_html) if topic else None
        return self._pages.get(slug)


def check_database(slugs=None, today=None):
    """Check the pages as the site holds them (every page not withdrawn, or just `slugs`)."""
    topics = Topic.objects.filter(withdrawn=False).in_reading_order()
    if slugs:
        topics = topics.filter(slug__in=slugs)
    pages = KnownPages()
    register = claims.read_register_file(settings.CONTENT_DIR)
    return [check_topic(topic, pages, today, register) for topic in topics]


def check_directory(directory, slugs=None, today=None, language="en"):
    """Check content files before they are loaded: (reports with their files, file problems).
    `language`: the language the directory's pages are written in."""
    sources, problems, _ = read_directory(directory, allow_extra_fields=True)
    topics = [(source, Topic(slug=source.slug, **render_page(source)[0]))
              for source in sources if not source.problems]
    for _, topic in topics:
        topic.language = language
    pages = KnownPages([topic for _, topic in topics], exclude_collection=collection_name(directory))
    register = claims.read_register_file(directory)
    problems += register.problems if register else []
    reports = [(source, check_topic(topic, pages, today, register))
               for source, topic in topics if not slugs or topic.slug in slugs]
    return reports, problems


def reading_grade(text):
    """Flesch–Kincaid US grade of `text`, or None when there is nothing to read."""
    return readability.score(text, "en")


def body_grade(rendered):
    """The reading grade of a rendered body, as checkcontent reports it."""
    return reading_grade(_as_sentences(rendered.paragraphs))


def reading_scores(paragraphs, summary, language):
    """(body score, summary score) in the language's own measure; None where there is no text."""
    return readability.score(_as_sentences(paragraphs), language), readability.score(summary, language)


def page_language(topic):
    """The page's language code; a page from before languages existed is English."""
    return getattr(topic, "language", "") or "en"


def reading_findings(language, body_score, summary_score):
    """The note giving a page's reading scores, and a warning for each part off its target."""
    name = readability.LANGUAGES[language].score_name
    found = [Finding(NOTE, f"reading score ({name}): body {_grade(body_score)}, summary "
                           f"{_grade(summary_score)}.")]
    for part, score in (("body", body_score), ("summary", summary_score)):
        if score is None:
            continue
        if language == "es":
            minimum = INFLESZ_SUMMARY_MINIMUM if part == "summary" else INFLESZ_BODY_MINIMUM
            if score < minimum:
                found.append(Finding(WARNING, f"the {part} scores {score} on the INFLESZ scale; aim "
                                              f"for {minimum} or above with shorter sentences and words."))
        elif score > GRADE_LIMIT:
            found.append(Finding(WARNING, f"the {part} reads at US grade {score}; aim for "
                                          f"{GRADE_LIMIT} or below with shorter sentences and words."))
    return found


def _as_sentences(paragraphs):
    """Paragraph texts with an end stop each: a list item or a line before a list is a sentence
    to a reader, and must not run into the next one when counting."""
    texts = []
    for paragraph in paragraphs:
        text = " ".join(paragraph.text.split())
        if text and not re.search(r"[.!?][\"”’)]*$", text):
            text += "."
        if text:
            texts.append(text)
    return " ".join(texts)


SHIPPED_REGISTER = object()


def check_topic(topic, pages, today=None, register=SHIPPED_REGISTER):
    """Check one Topic (saved or not) against the known `pages` and the claims `register`
    (by default the content directory's; None: none); returns a PageReport."""
    today = today or datetime.date.today()
    rendered = render_body(topic.body)
    # Links within the page are checked against the text being checked, not the stored version.
    this_page = KnownPage.of(topic.status, rendered.html)

    def lookup(slug):
        return this_page if slug == topic.slug else pages.get(slug)

    report = PageReport(topic.slug, topic.title)
    language = page_language(topic)
    # The scores are the page language's own: a US grade for English, INFLESZ for Spanish.
    report.grade_body, report.grade_summary = reading_scores(rendered.paragraphs, topic.summary, language)
    findings = report.findings
    findings += reading_findings(language, report.grade_body, report.grade_summary)
    findings += long_sentences(rendered.paragraphs)
    findings += heading_findings(rendered.headings)
    findings += link_findings(rendered, topic, lookup)
    findings += image_findings(rendered.images)
    findings += related_findings(topic.related, lookup)
    findings += review_findings(topic, today)
    findings += claim_findings(topic, register)
    return report


def claim_findings(topic, register=SHIPPED_REGISTER):
    """The claims register's findings for the page: unregistered factual sentences, misquotes
    and lost qualifiers are errors (mbcinfo/topics/claims.py).

    The register is kept in English. A translation's claims are its English page's
    (Claim.objects.for_page(translation_of)); the translation is held to them by its pin to the
    English text and by figure parity (editing/translations.py), not by matching its sentences."""
    if page_language(topic) != "en":
        return []
    if register is SHIPPED_REGISTER:
        register = claims.read_register_file(settings.CONTENT_DIR)
    levels = {"error": ERROR, "warning": WARNING, "note": NOTE}
    found = []
    for finding in claims.check_topic(topic, register):
        sentence = finding.sentence
        if sentence is None:
            found.append(Finding(levels[finding.level], f"{finding.where}: {finding.message}"))
        elif sentence.place == "summary":
            found.append(Finding(levels[finding.level], f"summary: {finding.message}"))
        else:
            found.append(Finding(levels[finding.level], finding.message, sentence.line))
    return found


def _grade(grade):
    return "n/a" if grade is None else f"{grade:g}"


def long_sentences(paragraphs):
    found = []
    for paragraph in paragraphs:
        for sentence in readability.sentences(" ".join(paragraph.text.split())):
            words = readability.words(sentence)
            if len(words) > SENTENCE_WORD_LIMIT:
                start = " ".join(sentence.split()[:8])
                found.append(Finding(WARNING, f"sentence of {len(words)} words (over "
                                              f"{SENTENCE_WORD_LIMIT}): “{start} …”. Split it.",
                                     paragraph.line))
    return found


def heading_findings(headings):
    found = []
    previous = 1  # the page title is the h1
    for heading in headings:
        if heading.level == 1:
            found.append(Finding(WARNING, f"heading “{heading.text}” is a level-1 heading (#); the "
                                          "title is the page's only one. Use ## for sections.", heading.line))
        elif heading.level > previous + 1:
            found.append(Finding(WARNING, f"heading “{heading.text}” jumps from level {previous} to "
                                          f"{heading.level}; use {'#' * (previous + 1)} instead.", heading.line))
        previous = heading.level
    return found


def link_findings(rendered, topic, lookup):
    found = []
    # Links to /topics/<slug>/ that no page has: the loader's and the admin form's check too.
    nowhere = {id(missing.link) for missing in missing_pages((), rendered.links, lambda slug: lookup(slug) is not None)}
    for link in rendered.links:
        text = " ".join(link.text.split())
        if not text:
            found.append(Finding(ERROR, f"the link to {link.href} has no text; a screen reader "
                                        "cannot say where it goes.", link.line))
        elif text.lower().strip(".:!") in VAGUE_LINK_TEXT:
            found.append(Finding(WARNING, f"link text “{text}” does not say where the link goes; "
                                          "use the page's name, e.g. “palliative care”.", link.line))
        problem = _internal_link_problem(link.href, topic, lookup, id(link) in nowhere)
        if problem:
            level, message = problem
            found.append(Finding(level, f"link “{text}” goes to {link.href}, {message}", link.line))
    return found


def _internal_link_problem(href, topic, lookup, to_no_page):
    """(level, message) when a link inside the site leads nowhere, else None. `to_no_page`:
    the link goes to a topic page that does not exist (links.missing_pages said so)."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None  # another site, a phone number or an e-mail address
    if not href.startswith(("/", "#")):
        return ERROR, "a relative address that breaks when the page moves. Write it as /topics/<slug>/."
    if href.startswith("#"):
        target_slug, path = topic.slug, None
    elif to_no_page:
        return ERROR, "but no page has that slug. Fix the link."
    else:
        path = parts.path
        try:
            # Addresses are per language (/es/temas/… resolves only with Spanish active).
            with translation.override(language_of_path(path)):
                match = resolve(path)
        except Resolver404:
            return ERROR, "but the site has no such page. Fix the link."
        if match.view_name != "topics:topic":
            return None
        target_slug = match.kwargs["slug"]
    target = lookup(target_slug)
    if target is None:
        return ERROR, "but no page has that slug. Fix the link."
    if target.status != Topic.Status.PUBLISHED and topic.status == Topic.Status.PUBLISHED:
        return WARNING, "a draft: the public cannot see it yet."
    if parts.fragment and parts.fragment not in target.anchors:
        return ERROR, f"but that page has no section “#{parts.fragment}”. Fix the link."
    return None


def image_findings(images):
    found = []
    for image in images:
        alt = " ".join(image.alt.split())
        if not alt or alt == ALT_PLACEHOLDER:
            found.append(Finding(ERROR, f"image {image.src} has no alt text. Describe it in the "
                                        "brackets: ![what the picture shows](…).", image.line))
        if not image.src.startswith("/") or image.src.startswith("//"):
            found.append(Finding(ERROR, f"image {image.src} is on another site; it will not be "
                                        "shown. Upload it in the editor instead.", image.line))
    return found


def related_findings(related, lookup):
    return [Finding(ERROR, f"'related' names '{missing.slug}', but no page has that slug.")
            for missing in missing_pages(related, (), lambda slug: lookup(slug) is not None)]


def review_findings(topic, today):
    found = []
    if not topic.last_reviewed:
        found.append(Finding(ERROR, "no 'last_reviewed' date: readers are told when a page was last checked."))
    if not topic.next_review:
        found.append(Finding(ERROR, "no 'next_review' date: every page needs a date to be checked again."))
        return found
    if topic.last_reviewed and topic.next_review < topic.last_reviewed:
        found.append(Finding(ERROR, f"'next_review' ({topic.next_review}) is before 'last_reviewed' "
                                    f"({topic.last_reviewed})."))
    days = (topic.next_review - today).days
    if days < 0:
        found.append(Finding(WARNING, f"review overdue: it was due on {topic.next_review} "
                                      f"({-days} days ago). Check the page, then update both dates."))
    elif days <= DUE_SOON_DAYS:
        found.append(Finding(NOTE, f"review due on {topic.next_review}, in {days} days."))
    return found
