"""Files → models, in two phases so a bad file can never cost a good page.

Phase one reads and checks every file in a directory; if anything is wrong, nothing is
written and every problem is reported. Phase two writes all pages in one transaction and
tells the rest of the site (`content_changed`) only after that transaction commits.
"""
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import frontmatter, signals
from .frontmatter import Problem
from .models import ContentGeneration, Topic
from .rendering import render_markdown, strip_leading_title

INTERNAL_TOPIC_LINK = re.compile(r"^/topics/([^/?#]+)/?(?:[?#].*)?$")
# Files such as README.md or LICENSE-SOURCE.md describe a directory; they are not pages.
NOT_A_PAGE = re.compile(r"^[A-Z0-9_-]+$")


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    generation: int = 0

    @property
    def ok(self):
        return not self.problems

    @property
    def changed_slugs(self):
        return self.created + self.updated + self.unpublished

    def summary(self):
        text = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.unpublished:
            text += f", {len(self.unpublished)} unpublished (file removed)"
        return text


@dataclass
class Page:
    """A checked file, ready to store. `fields` is None when the file had not changed since it
    was last stored, so it was not rendered again."""

    source: frontmatter.SourceFile
    file_hash: str
    fields: dict | None

    def fields_to_store(self):
        # Unchanged at check time but changed in the database since (another load or an
        # editor, between the check and this transaction): render it now.
        return self.fields if self.fields is not None else render_page(self.source)[0]


def collection_name(directory):
    """A stable name for a content directory: relative to the project when it is inside it."""
    directory = Path(directory).resolve()
    try:
        return str(directory.relative_to(settings.BASE_DIR.resolve()))
    except ValueError:
        return str(directory)


def file_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_directory(directory, allow_extra_fields=False):
    """Phase one for a whole directory: (sources, problems, notices). Reads, never writes."""
    directory = Path(directory)
    sources, problems, notices = [], [], []
    if not directory.is_dir():
        return [], [Problem(str(directory), 0, "is not a directory. Pass --path to a folder of .md files.")], []
    for path in sorted(directory.glob("*.md")):
        display = str(path)
        data = path.read_bytes()
        if NOT_A_PAGE.match(path.stem) and not data.lstrip().startswith(b"---"):
            notices.append(f"{display}: skipped (no front matter; not a page).")
            continue
        source = frontmatter.parse(display, data, allow_extra_fields=allow_extra_fields)
        sources.append(source)
        problems.extend(source.problems)
    return sources, problems, notices


def render_page(source):
    """Render a checked source; return (fields for Topic, problems found while rendering)."""
    meta = source.meta
    rendered = render_markdown(strip_leading_title(source.body))
    fields = {
        "title": meta["title"],
        "summary": meta["summary"],
        "section": meta.get("section", "More information"),
        "order": meta.get("order", 1000),
        "last_reviewed": meta.get("last_reviewed"),
        "next_review": meta.get("next_review"),
        "sources": meta.get("sources", []),
        "related": meta.get("related", []),
        "status": meta.get("status", Topic.Status.PUBLISHED),
        "extra": _json_safe(source.extra),
        "body": source.body,
        "body_html": rendered.html,
        "toc": rendered.toc,
        "sections": [vars(section) for section in rendered.sections],
    }
    return fields, rendered


def _json_safe(value):
    """Extra front matter may hold dates and other YAML types; keep them as JSON can."""
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def check_pages(sources, collection):
    """Cross-file checks; returns (pages, problems)."""
    problems = []
    by_slug = {}
    for source in sources:
        if source.slug in by_slug:
            first = by_slug[source.slug]
            problems.append(Problem(source.path, 1, f"slug '{source.slug}' is also used by "
                                                    f"{first.path}. Each page needs its own slug."))
        else:
            by_slug[source.slug] = source
    others = dict(
        Topic.objects.filter(slug__in=list(by_slug)).exclude(collection=collection)
        .values_list("slug", "collection")
    )
    for slug, other in others.items():
        problems.append(Problem(by_slug[slug].path, 1, f"slug '{slug}' already belongs to a page "
                                                       f"loaded from {other}. Choose another slug."))
    known = set(by_slug) | set(
        Topic.objects.live().exclude(collection=collection).values_list("slug", flat=True)
    )
    stored = {
        topic.slug: topic for topic in Topic.objects.filter(collection=collection, withdrawn=False)
        .only("slug", "file_hash", "body_html")
    }
    pages = []
    for source in by_slug.values():
        digest = file_hash(source.raw)
        if _unchanged_and_still_linked(source, stored.get(source.slug), digest, known):
            pages.append(Page(source, digest, fields=None))
            continue
        fields, rendered = render_page(source)
        for slug in fields["related"]:
            if slug not in known:
                problems.append(Problem(source.path, 1, f"'related' names '{slug}', but no page has "
                                                        "that slug. Fix the slug or remove it."))
        for link in rendered.links:
            match = INTERNAL_TOPIC_LINK.match(link.href)
            if match and match.group(1) not in known:
                line = source.body_line + link.line - 1
                problems.append(Problem(source.path, line, f"link '{link.text}' goes to {link.href}, "
                                                           "but no page has that slug. Fix the link."))
        pages.append(Page(source, digest, fields))
    return pages, problems


STORED_TOPIC_LINK = re.compile(r'href="/topics/([^/?#"]+)')


def _unchanged_and_still_linked(source, topic, digest, known):
    """True when the file is, byte for byte, the one checked, rendered and stored last time,
    and every page it names still exists: then it need not be rendered again, which is most
    of the time a reload takes. When a page it names has gone, it is rendered after all, so
    the problem is reported on its line."""
    if topic is None or topic.file_hash != digest:
        return False
    linked = set(source.meta.get("related", [])) | set(STORED_TOPIC_LINK.findall(topic.body_html))
    return linked <= known


def load_directory(directory=None, dry_run=False, allow_extra_fields=False):
    """Check every file in `directory`, then store them all, or nothing. Returns a LoadReport."""
    directory = Path(directory or settings.CONTENT_DIR)
    collection = collection_name(directory)
    report = LoadReport()
    sources, problems, report.notices = read_directory(directory, allow_extra_fields)
    if not problems:
        pages, problems = check_pages(sources, collection)
    report.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    if report.problems:
        return report
    _write(pages, collection, report, dry_run)
    return report


def _write(pages, collection, report, dry_run):
    with transaction.atomic():
        # The rendered fields are replaced, never read, here: leave them in the database.
        existing = {topic.slug: topic for topic in Topic.objects.filter(collection=collection)
                    .defer("body", "body_html", "toc", "sections", "sources", "extra")}
        for page in pages:
            topic = existing.get(page.source.slug)
            if topic is None:
                report.created.append(page.source.slug)
                if not dry_run:
                    Topic.objects.create(slug=page.source.slug, collection=collection,
                                         source_path=Path(page.source.path).name,
                                         file_hash=page.file_hash, **page.fields_to_store())
            elif topic.file_hash == page.file_hash and not topic.withdrawn:
                report.unchanged.append(topic.slug)
            else:
                report.updated.append(topic.slug)
                if not dry_run:
                    for name, value in page.fields_to_store().items():
                        setattr(topic, name, value)
                    topic.source_path = Path(page.source.path).name
                    topic.file_hash = page.file_hash
                    topic.withdrawn = False
                    topic.save()
        present = {page.source.slug for page in pages}
        gone = [topic for slug, topic in existing.items() if slug not in present and not topic.withdrawn]
        for topic in gone:
            report.unpublished.append(topic.slug)
            if not dry_run:
                topic.withdrawn = True
                topic.save(update_fields=["withdrawn", "updated"])
        if dry_run or not report.changed_slugs:
            return
        report.generation = ContentGeneration.bump()
        slugs, generation = list(report.changed_slugs), report.generation
        transaction.on_commit(lambda: signals.content_changed.send(
            sender=Topic, slugs=slugs, generation=generation))
