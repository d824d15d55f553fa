"""Files → models, in two phases so a bad file can never cost a good page.

Phase one reads and checks every file in a directory; if anything is wrong, nothing is
written and every problem is reported. Phase two writes all pages in one transaction and
tells the rest of the site (`content_changed`) only after that transaction commits.

Pages are also edited in the admin, so phase two decides per page, from the hash of the file
it last loaded or exported (`file_hash`) and whether the page was edited since (`synced_hash`):

- file changed, page not edited in the admin → take the file;
- file unchanged, page edited in the admin → keep the admin version, and say so;
- both changed → a conflict: the page is left as it is, the file's version is stored as a
  revision that was not applied, and both revision ids are reported. `prefer_files` takes the
  file instead; the admin version is already a revision.

Every version stored is also a Revision, so no sequence of loads and admin saves loses an edit.
"""
import functools
import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mbcinfo import progress

from . import frontmatter, glossary
from .extras import content_extras
from .frontmatter import Problem, excerpt
from .models import ContentGeneration, GlossaryTerm, Revision, Topic
from .rendering import render_body

INTERNAL_TOPIC_LINK = re.compile(r"^/topics/([^/?#]+)/?(?:[?#].*)?$")
# Files such as README.md or LICENSE-SOURCE.md describe a directory; they are not pages.
NOT_A_PAGE = re.compile(r"^[A-Z0-9_-]+$")


@dataclass
class Conflict:
    """A page whose file changed while it was also edited in the admin."""

    slug: str
    path: str
    admin_revision: int  # the version the database keeps
    file_revision: int | None  # the file's version, stored but not applied (None on a dry run)

    def __str__(self):
        file_side = (f"the file's version is revision {self.file_revision}" if self.file_revision
                     else "the file's version was not stored (dry run)")
        return (f"{self.path}: conflict: the file changed and the page was also edited in the admin "
                f"since the file was last loaded or exported. The site keeps revision "
                f"{self.admin_revision}; {file_side}. Compare them in the admin (the page's "
                "Revisions), then either run loadcontent --prefer-files to take the file, or "
                f"exportcontent --slug {self.slug} to write the admin version to the file.")


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # edited in the admin, file unchanged: admin version kept
    conflicts: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    generation: int = 0
    glossary_changed: bool = False

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
        if self.kept:
            text += f", {len(self.kept)} kept as edited in the admin"
        if self.conflicts:
            text += f", {len(self.conflicts)} in conflict (left as they were)"
        if self.glossary_changed:
            text += "; glossary updated"
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
        if self.fields is not None:
            return self.fields
        return render_page(self.source.full())[0]


def collection_name(directory):
    """A stable name for a content directory: relative to the project when it is inside it."""
    directory = Path(directory).resolve()
    try:
        return str(directory.relative_to(settings.BASE_DIR.resolve()))
    except ValueError:
        return str(directory)


def file_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_directory(directory, allow_extra_fields=False, known=None):
    """Phase one for a whole directory: (sources, problems, notices). Reads, never writes.

    `known` ({file name: Topic}, from known_pages) skips parsing files that are exactly what
    those pages were loaded from: parsing YAML was most of a reload with nothing changed."""
    directory = Path(directory)
    sources, problems, notices = [], [], []
    if not directory.is_dir():
        return [], [Problem(str(directory), 0, "is not a directory. Pass --path to a folder of .md files.")], []
    paths = sorted(directory.glob("*.md"))
    for path in progress.each(paths, "reading", total=len(paths), unit="file"):
        display = str(path)
        try:
            data = frontmatter.read_regular_file(path)
        except frontmatter.UnreadableFile as error:
            problems.append(Problem(display, 0, str(error)))
            continue
        if NOT_A_PAGE.match(path.stem) and not data.lstrip().startswith(b"---"):
            notices.append(f"{display}: skipped (no front matter; not a page).")
            continue
        parse = functools.partial(frontmatter.parse, display, data, allow_extra_fields=allow_extra_fields)
        source = _known_source(display, data, (known or {}).get(path.name), parse) or parse()
        sources.append(source)
        problems.extend(source.problems)
    return sources, problems, notices


def known_pages(collection, allow_extra_fields):
    """{file name: Topic} for the collection's pages that are as their file left them: not
    edited in the admin since, not withdrawn, and (unless extra fields are allowed now) with
    none that a plain load would refuse."""
    topics = (Topic.objects.filter(collection=collection, withdrawn=False).exclude(file_hash="")
              .only("slug", "source_path", "file_hash", "related", "extra", "content_hash", "synced_hash"))
    return {topic.source_path: topic for topic in topics
            if not topic.edited_since_sync and (allow_extra_fields or not topic.extra)}


def _known_source(display, data, topic, parse):
    if topic is None:
        return None
    text, _ = frontmatter.text_of(display, data)
    if text is None or file_hash(text) != topic.file_hash:
        return None
    return frontmatter.known(display, text, topic.slug, topic.related, topic.extra, parse)


def render_page(source):
    """Render a checked source; return (fields for Topic, the Rendered body)."""
    rendered = render_body(source.body)
    fields = Topic.fields_from(source.meta, source.extra, source.body) | rendered.stored()
    return fields, rendered


def check_pages(sources, collection):
    """Cross-file checks; returns (pages, problems)."""
    problems = []
    by_slug = {}
    for source in sources:
        if source.slug in by_slug:
            first = by_slug[source.slug]
            problems.append(Problem(source.path, 1, f"slug '{excerpt(source.slug)}' is also used by "
                                                    f"{first.path}. Each page needs its own slug."))
        else:
            by_slug[source.slug] = source
    others = dict(
        Topic.objects.filter(slug__in=list(by_slug)).exclude(collection=collection)
        .values_list("slug", "collection")
    )
    for slug, other in others.items():
        problems.append(Problem(by_slug[slug].path, 1, f"slug '{excerpt(slug)}' already belongs to a page "
                                                       f"loaded from {other}. Choose another slug."))
    known = set(by_slug) | set(
        Topic.objects.live().exclude(collection=collection).values_list("slug", flat=True)
    )
    stored = {
        topic.slug: topic for topic in Topic.objects.filter(collection=collection, withdrawn=False)
        .only("slug", "file_hash", "body_html")
    }
    pages = []
    for source in progress.each(by_slug.values(), "checking", total=len(by_slug), unit="page"):
        digest = file_hash(source.raw)
        if _unchanged_and_still_linked(source, stored.get(source.slug), digest, known):
            pages.append(Page(source, digest, fields=None))
            continue
        if source.parse_fully:  # it must be rendered after all (a page it links to has gone)
            source = source.full()
            problems.extend(source.problems)
        fields, rendered = render_page(source)
        for slug in fields["related"]:
            if slug not in known:
                problems.append(Problem(source.path, 1, f"'related' names '{excerpt(slug)}', but no page has "
                                                        "that slug. Fix the slug or remove it."))
        for link in rendered.links:
            match = INTERNAL_TOPIC_LINK.match(link.href)
            if match and match.group(1) not in known:
                line = source.body_line + link.line - 1
                problems.append(Problem(source.path, line, f"link '{excerpt(link.text)}' goes to {excerpt(link.href)}, "
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


def load_directory(directory=None, dry_run=False, allow_extra_fields=False, prefer_files=False):
    """Check every file in `directory`, then store them all, or nothing. Returns a LoadReport."""
    directory = Path(directory or settings.CONTENT_DIR)
    collection = collection_name(directory)
    report = LoadReport()
    started = time.monotonic()
    known = known_pages(collection, allow_extra_fields)
    sources, problems, report.notices = read_directory(directory, allow_extra_fields, known)
    terms = read_glossary_file(directory)
    problems += terms.problems if terms else []
    extras = content_extras()
    for extra in extras:
        problems += extra.check(directory, sources)
    if not problems:
        pages, problems = check_pages(sources, collection)
    report.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    progress.line(f"checked {len(sources)} files in {time.monotonic() - started:.1f} s")
    if report.problems:
        return report
    _write(pages, collection, report, dry_run, prefer_files, terms, extras)
    return report


def read_glossary_file(directory):
    """The directory's glossary.yaml, checked; None when it has none (the glossary is then left as it is)."""
    path = Path(directory) / glossary.FILE_NAME
    if not os.path.lexists(path):
        return None
    try:
        data = frontmatter.read_regular_file(path)
    except frontmatter.UnreadableFile as error:
        return glossary.Glossary(problems=[Problem(str(path), 0, str(error))])
    return glossary.read_glossary(path, data)


def _write_glossary(terms, dry_run):
    """Make the stored glossary match the file. Returns True when anything changed."""
    wanted = {entry.slug: {"term": entry.term, "definition": entry.definition,
                           "from_source": list(entry.from_source), "matches": list(entry.matches),
                           "see_also": list(entry.see_also)} for entry in terms.entries}
    stored = {term.slug: term for term in GlossaryTerm.objects.all()}
    changed = False
    for slug, fields in wanted.items():
        term = stored.get(slug)
        if term is not None and all(getattr(term, name) == value for name, value in fields.items()):
            continue
        changed = True
        if not dry_run:
            GlossaryTerm.objects.update_or_create(slug=slug, defaults=fields)
    gone = set(stored) - set(wanted)
    if gone:
        changed = True
        if not dry_run:
            GlossaryTerm.objects.filter(slug__in=gone).delete()
    return changed


def _write(pages, collection, report, dry_run, prefer_files=False, terms=None, extras=()):
    started = time.monotonic()
    with transaction.atomic():
        for extra in extras:
            extra.write(dry_run, report)
        if terms is not None:
            report.glossary_changed = _write_glossary(terms, dry_run)
        # Locked (on PostgreSQL) so an admin save cannot slip in between the decision and the write.
        # The rendered fields are replaced, not read, here: leave them in the database.
        existing = {topic.slug: topic
                    for topic in Topic.objects.select_for_update().filter(collection=collection)
                    .defer("body_html", "toc", "sections")}
        created = []
        for page in progress.each(pages, "storing", total=len(pages), unit="page"):
            _write_page(page, existing.get(page.source.slug), collection, report, dry_run, prefer_files, created)
        _store_new(created)
        present = {page.source.slug for page in pages}
        for slug, topic in existing.items():
            if slug in present or topic.withdrawn:
                continue
            if not topic.file_hash:  # made in the admin and never written to a file: not a removal
                report.notices.append(f"{slug}: created in the admin; run exportcontent to write it to a file.")
                continue
            report.unpublished.append(slug)
            if not dry_run:
                topic.withdrawn = True
                topic.save(update_fields=["withdrawn", "updated"])
        # on_commit callbacks run in the order they were added: this one times the store and its
        # commit, before the listeners of content_changed (the search index) start their work.
        done = "compared" if dry_run else "stored"
        transaction.on_commit(lambda: progress.line(
            f"{done} {len(pages)} pages in {time.monotonic() - started:.1f} s"))
        # A glossary change alone also counts: it changes the links on the pages.
        if not dry_run and (report.changed_slugs or report.glossary_changed):
            report.generation = ContentGeneration.announce(report.changed_slugs)


def _write_page(page, topic, collection, report, dry_run, prefer_files, created):
    slug, path = page.source.slug, page.source.path
    if topic is None:
        report.created.append(slug)
        if not dry_run:
            topic = Topic(slug=slug, collection=collection)
            _take_file(topic, page)
            created.append((topic, f"created from {Path(path).name}"))
        return
    file_changed = topic.file_hash != page.file_hash
    edited = topic.edited_since_sync
    if file_changed and edited:
        incoming = Topic(slug=slug, **page.fields_to_store())
        if incoming.compute_content_hash() == topic.content_hash:
            # The file already says what the admin version says (say, exported by hand).
            (report.updated if topic.withdrawn else report.unchanged).append(slug)
            if not dry_run:
                topic.withdrawn = False
                _mark_in_step(topic, page)
            return
        if not prefer_files:
            report.conflicts.append(_conflict(topic, incoming, page, dry_run))
            return
    if file_changed:
        report.updated.append(slug)
        if edited:
            kept = Revision.keep_stored_state(topic).pk if not dry_run else "(dry run)"
            report.notices.append(f"{path}: took the file (--prefer-files); the admin version is kept "
                                  f"as revision {kept}.")
        if not dry_run:
            _store(topic, page, f"loaded from {Path(path).name}")
        return
    if edited:
        report.kept.append(slug)
        report.notices.append(f"{path}: edited in the admin; run exportcontent to write it to the file.")
    if topic.withdrawn:  # its file came back as it was
        report.updated.append(slug)
        if not dry_run:
            topic.withdrawn = False
            topic.save(update_fields=["withdrawn", "updated"])
    elif not edited:
        report.unchanged.append(slug)


def _store(topic, page, note):
    """Write a file's version over a stored `topic` and keep it as a revision."""
    latest = Revision.keep_stored_state(topic)
    _take_file(topic, page)
    topic.save()
    if latest.content_hash != topic.content_hash:  # not for a layout-only change
        Revision.record(topic, Revision.Origin.FILE, note=note)


def _take_file(topic, page):
    for name, value in page.fields_to_store().items():
        setattr(topic, name, value)
    topic.source_path = Path(page.source.path).name
    topic.withdrawn = False
    _mark_in_step(topic, page, save=False)


def _store_new(created):
    """New pages and their first revisions, a few statements in all rather than two per page:
    on PostgreSQL the round trips were a tenth of loading the 2,802-page corpus."""
    if not created:
        return
    Topic.objects.bulk_create([topic for topic, _ in created], batch_size=500)
    Revision.objects.bulk_create([Revision.of(topic, Revision.Origin.FILE, note=note) for topic, note in created],
                                 batch_size=500)


def _mark_in_step(topic, page, save=True):
    """The page and its file now agree: remember the file's hash and the content it holds."""
    topic.file_hash = page.file_hash
    topic.content_hash = topic.synced_hash = topic.compute_content_hash()
    if save:
        topic.save(update_fields=["file_hash", "content_hash", "synced_hash", "withdrawn", "updated"])


def _conflict(topic, incoming, page, dry_run):
    """Leave the page as it is; store the file's version as a revision not applied."""
    if dry_run:
        latest = topic.revisions.filter(applied=True).first()
        return Conflict(topic.slug, page.source.path, latest.pk if latest else 0, None)
    admin_version = Revision.keep_stored_state(topic)
    incoming_hash = incoming.compute_content_hash()
    file_version = topic.revisions.filter(content_hash=incoming_hash, applied=False).first()
    if file_version is None:
        file_version = Revision.record(
            topic, Revision.Origin.FILE, content=incoming, applied=False,
            note=f"{Path(page.source.path).name} changed while the page was edited in the admin; not applied")
    return Conflict(topic.slug, page.source.path, admin_version.pk, file_version.pk)
