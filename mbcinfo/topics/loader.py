"""Files → models, in two phases so a bad file can never cost a good page.

Phase one reads and checks every file in a directory; if anything is wrong, nothing is
written and every problem is reported. Phase two plans the changes and, unless it is a dry run,
stores them all in one transaction through the store policy (store.py), which decides what a
changed file does to a stored page. The rest of the site hears of it (`content_changed`) only
after that transaction commits.
"""
import functools
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from mbcinfo import progress

from . import claims, frontmatter, glossary
from .extras import content_extras
from .frontmatter import Problem, excerpt
from .links import missing_pages
from .models import ENGLISH, TRANSLATIONS, EnglishText, SlugRedirect, Topic
from .rendering import render_body
from .store import LoadReport, Plan, file_hash, plan_glossary, store_policy

# Files such as README.md or LICENSE-SOURCE.md describe a directory; they are not pages.
NOT_A_PAGE = re.compile(r"^[A-Z0-9_-]+$")


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
    """{file name: Topic} for the collection's pages that are as their file left them: their
    content unchanged since it was taken from the file, not withdrawn, and (unless extra
    fields are allowed now) with none that a plain load would refuse."""
    topics = (Topic.objects.filter(collection=collection, withdrawn=False).exclude(file_hash="")
              .only("slug", "source_path", "file_hash", "related", "extra", "content_hash", "synced_hash"))
    return {topic.source_path: topic for topic in topics
            if topic.content_hash == topic.synced_hash and (allow_extra_fields or not topic.extra)}


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


def check_pages(sources, collection, also_loading=()):
    """Cross-file checks; returns (pages, problems). `also_loading`: slugs of pages in another
    directory of the same load (a translation's English pages), which no page here may take."""
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
    problems += kept_address_clashes(by_slug, collection)
    for slug in set(by_slug) & set(also_loading) - set(others):
        problems.append(Problem(by_slug[slug].path, 1, f"slug '{excerpt(slug)}' is also an English page's slug. "
                                                       "A translation needs a slug of its own."))
    known = set(by_slug) | set(also_loading) | set(
        Topic.objects.filter(status=Topic.Status.PUBLISHED, withdrawn=False)
        .exclude(collection=collection).values_list("slug", flat=True)
    )
    stored = {
        topic.slug: topic for topic in Topic.objects.filter(collection=collection, withdrawn=False)
        .only("slug", "file_hash", "body_html", "source_path", "title")
    }
    # An old address keeps working (it redirects), so a link to it is not broken: a kept one,
    # or one this load is about to keep (a file whose slug changed).
    known |= set(SlugRedirect.objects.filter(topic__withdrawn=False).values_list("old_slug", flat=True))
    known |= {topic.slug for topic in renamed_pages(by_slug.values(), stored).values()}
    problems += slugs_taken_from_a_moving_page(by_slug, stored)
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
        for missing in missing_pages(fields["related"], rendered.links, known.__contains__):
            link = missing.link
            if link is None:
                problems.append(Problem(source.path, 1, f"'related' names '{excerpt(missing.slug)}', but no page "
                                                        "has that slug. Fix the slug or remove it."))
            else:
                problems.append(Problem(source.path, source.body_line + link.line - 1,
                                        f"link '{excerpt(link.text)}' goes to {excerpt(link.href)}, but no page has that "
                                        "slug. Fix the link."))
        pages.append(Page(source, digest, fields))
    return pages, problems


def kept_address_clashes(by_slug, collection):
    """Problems for files whose slug is an address another page had and keeps (it redirects
    there). The page that had it may take it back: the same file, in the same collection."""
    problems = []
    for kept in SlugRedirect.objects.filter(old_slug__in=list(by_slug)).select_related("topic"):
        source = by_slug[kept.old_slug]
        page = kept.topic
        if page.collection == collection and page.source_path == Path(source.path).name:
            continue
        problems.append(Problem(source.path, 1, f"slug '{excerpt(kept.old_slug)}' was the address of the page "
                                                f"“{excerpt(page.title)}” ({page.slug}) and still leads there, "
                                                "so that old links keep working. Choose another slug."))
    return problems


def slugs_taken_from_a_moving_page(by_slug, stored):
    """Problems for files that take the slug of a stored page whose own file, in this load,
    gives it another slug: that slug is about to become the page's old address, which must keep
    leading to it."""
    files = {Path(source.path).name: source for source in by_slug.values()}
    problems = []
    for slug, source in by_slug.items():
        topic = stored.get(slug)
        own = files.get(topic.source_path) if topic is not None else None
        if own is not None and own is not source:
            problems.append(Problem(source.path, 1, f"slug '{excerpt(slug)}' is the address of the page in "
                                                    f"{topic.source_path}, which now gives it the slug "
                                                    f"'{excerpt(own.slug)}'; its old address keeps leading "
                                                    "to it. Choose another slug."))
    return problems


def renamed_pages(sources, existing):
    """{new slug: stored Topic} for files whose slug changed: the stored page that no file now
    has with the same file name, or else the same title. The page keeps its history and its
    old address (Topic.save keeps it as a redirect)."""
    sources = list(sources)
    present = {source.slug for source in sources}
    left = {slug: topic for slug, topic in existing.items() if slug not in present}
    renamed = {}
    for source in sources:
        if source.slug in existing or not left:
            continue
        name = Path(source.path).name
        title = source.meta.get("title") or source.full().meta.get("title")
        topic = (next((t for t in left.values() if t.source_path == name), None)
                 or next((t for t in left.values() if t.title == title), None))
        if topic is not None:
            renamed[source.slug] = left.pop(topic.slug)
    return renamed


STORED_TOPIC_LINK = re.compile(r'href="/(?:topics|es/temas)/([^/?#"]+)')


def _unchanged_and_still_linked(source, topic, digest, known):
    """True when the file is, byte for byte, the one checked, rendered and stored last time,
    and every page it names still exists: then it need not be rendered again, which is most
    of the time a reload takes. When a page it names has gone, it is rendered after all, so
    the problem is reported on its line."""
    if topic is None or topic.file_hash != digest:
        return False
    linked = set(source.meta.get("related", [])) | set(STORED_TOPIC_LINK.findall(topic.body_html))
    return linked <= known


def load_directory(directory=None, dry_run=False, allow_extra_fields=False, **policy_options):
    """Check every file in `directory` and its translations, then store them all, or nothing.
    Returns a LoadReport.

    English pages are the directory's own files; each translation is a subdirectory named for
    its language (content/es/). `policy_options` go to the store policy (e.g. `prefer_files`,
    see its `command_options`)."""
    directory = Path(directory or settings.CONTENT_DIR)
    started = time.monotonic()
    english = check_collection(directory, ENGLISH, allow_extra_fields)
    checked = [english]
    for language in TRANSLATIONS:
        if (directory / language).is_dir():
            checked.append(check_collection(directory / language, language, allow_extra_fields, english))
    report = LoadReport()
    report.notices = [notice for collection in checked for notice in collection.notices]
    problems = [problem for collection in checked for problem in collection.problems]
    report.problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    progress.line(f"checked {sum(len(c.sources) for c in checked)} files in {time.monotonic() - started:.1f} s")
    if report.problems:
        return report
    policy = store_policy(**policy_options)
    with transaction.atomic():
        for collection in checked:
            part = LoadReport()
            _write(collection, part, dry_run, policy)
            report.add(part)
        if not dry_run:
            policy.announce(report)
    report.tallies = policy.tally(report)
    return report


@dataclass
class CheckedCollection:
    """Phase one's result for one content directory: one language's pages and glossary."""

    directory: Path
    language: str
    name: str
    sources: list
    pages: list
    terms: object  # glossary.Glossary, or None when the directory has no glossary.yaml
    extras: list
    problems: list
    notices: list
    register: object = None  # claims.Register of the English directory's claims.yaml, or None


def check_collection(directory, language, allow_extra_fields=False, english=None):
    """Phase one for one directory: read and check its pages and glossary; write nothing.

    A translation (`english` is the English CheckedCollection) is also checked against the
    English pages and glossary it translates."""
    collection = collection_name(directory)
    known = known_pages(collection, allow_extra_fields)
    sources, problems, notices = read_directory(directory, allow_extra_fields, known)
    terms = read_glossary_file(directory, translation=language != ENGLISH)
    problems += terms.problems if terms else []
    # The editor's images live beside the English pages; translations use the same addresses.
    extras = content_extras() if language == ENGLISH else []
    for extra in extras:
        problems += extra.check(directory, sources)
    # The claims register is kept once, in English: a translation's claims are its English page's.
    register = claims.read_register_file(directory) if language == ENGLISH else None
    problems += register.problems if register else []
    pages = []
    if not problems:
        also_loading = {source.slug for source in english.sources} if english else set()
        pages, problems = check_pages(sources, collection, also_loading)
        problems += translation_problems(sources, language, english)
        problems += glossary_translation_problems(directory, terms, english)
    return CheckedCollection(directory, language, collection, sources, pages, terms, extras, problems, notices,
                             register)


def translation_problems(sources, language, english):
    """Each page of a translation names its English page and the English text hash it was
    translated from; an English page names neither."""
    problems = []
    if language == ENGLISH:
        for source in sources:
            for key in ("translation_of", "translated_from"):
                if key in source.meta:
                    problems.append(Problem(source.path, 1, f"'{key}' belongs on a translated page "
                                                            f"(content/<language>/), not an English one. Remove it."))
        return problems
    english_slugs = {source.slug for source in english.sources} if english else set()
    english_slugs |= set(Topic.objects.language(ENGLISH).exclude(collection=english.name if english else "")
                         .values_list("slug", flat=True))
    translated = {}
    for source in sources:
        if source.parse_fully:  # unchanged since it was stored: its checked fields are stored too
            continue
        of, pinned = source.meta.get("translation_of"), source.meta.get("translated_from")
        if not of:
            problems.append(Problem(source.path, 1, "missing 'translation_of': the slug of the English page "
                                                    "this page translates."))
        elif of not in english_slugs:
            problems.append(Problem(source.path, 1, f"'translation_of' names '{excerpt(of)}', but no English "
                                                    "page has that slug. Fix the slug."))
        elif of in translated:
            problems.append(Problem(source.path, 1, f"'{excerpt(of)}' is already translated by {translated[of]}. "
                                                    "An English page has one translation per language."))
        else:
            translated[of] = source.path
        if not pinned:
            problems.append(Problem(source.path, 1, "missing 'translated_from': the English page's text hash "
                                                    "the translation was made from (manage.py translationstatus "
                                                    "prints it)."))
        elif not TEXT_HASH.match(pinned):
            problems.append(Problem(source.path, 1, f"'translated_from' is '{excerpt(pinned)}', not a text hash "
                                                    "(64 hex digits, from manage.py translationstatus)."))
    return problems


TEXT_HASH = re.compile(r"^[0-9a-f]{64}$")


def glossary_translation_problems(directory, terms, english):
    """A translated glossary's entries each name an English entry, at most once."""
    if english is None or terms is None:
        return []
    path = str(Path(directory) / glossary.FILE_NAME)
    if english.terms is not None:
        english_slugs = {entry.slug for entry in english.terms.entries}
    else:
        from .models import GlossaryTerm
        english_slugs = set(GlossaryTerm.objects.language(ENGLISH).values_list("slug", flat=True))
    problems, seen = [], {}
    for entry in terms.entries:
        if entry.slug in english_slugs:
            problems.append(Problem(path, entry.line, f"slug '{excerpt(entry.slug)}' is an English entry's "
                                                      "slug. Give the translation its own slug."))
        if entry.translation_of not in english_slugs:
            problems.append(Problem(path, entry.line, f"'translation_of' names '{excerpt(entry.translation_of)}', "
                                                      "but no English entry has that slug."))
        elif entry.translation_of in seen:
            problems.append(Problem(path, entry.line, f"'{excerpt(entry.translation_of)}' is already translated "
                                                      f"by the entry on line {seen[entry.translation_of]}."))
        else:
            seen[entry.translation_of] = entry.line
    return problems


def read_glossary_file(directory, translation=False):
    """The directory's glossary.yaml, checked; None when it has none (the glossary is then left as it is)."""
    path = Path(directory) / glossary.FILE_NAME
    if not os.path.lexists(path):
        return None
    try:
        data = frontmatter.read_regular_file(path)
    except frontmatter.UnreadableFile as error:
        return glossary.Glossary(problems=[Problem(str(path), 0, str(error))])
    return glossary.read_glossary(path, data, translation)


def _write(checked, report, dry_run, policy):
    started = time.monotonic()
    pages, collection, terms = checked.pages, checked.name, checked.terms
    with transaction.atomic():
        for extra in checked.extras:
            extra.write(dry_run, report)
        plan = Plan(collection, checked.language)
        if terms is not None:
            report.glossary_changed = plan_glossary(plan, terms, checked.language)
        # Locked (on PostgreSQL) so an admin save cannot slip in between the decision and the write.
        # The rendered fields are replaced, not read, here: leave them in the database.
        existing = {topic.slug: topic
                    for topic in Topic.objects.select_for_update().filter(collection=collection)
                    .defer("body_html", "toc", "sections")}
        for slug, topic in renamed_pages([page.source for page in pages], existing).items():
            report.notices.append(f"{topic.source_path or topic.slug}: the slug changed from '{topic.slug}' to "
                                  f"'{slug}'; {topic.get_absolute_url()} will redirect to the new address.")
            del existing[topic.slug]
            topic.slug = slug
            existing[slug] = topic
        for page in progress.each(pages, "storing", total=len(pages), unit="page"):
            policy.plan_page(plan, report, existing.get(page.source.slug), page)
        present = {page.source.slug for page in pages}
        for slug, topic in existing.items():
            if slug not in present and not topic.withdrawn:
                policy.plan_missing(plan, report, topic)
        # on_commit callbacks run in the order they were added: this one times the store and its
        # commit, before the listeners of content_changed (the search index) start their work.
        done = "compared" if dry_run else "stored"
        transaction.on_commit(lambda: progress.line(
            f"{done} {len(pages)} pages in {time.monotonic() - started:.1f} s"))
        if not dry_run:
            policy.apply(plan, report)
            if checked.language == ENGLISH:
                EnglishText.remember(Topic.objects.filter(collection=collection, slug__in=report.changed_slugs))
            # The claims register (None: the directory has none, and the stored one is kept).
            if checked.register is not None:
                report.claims_changed = claims.store_register(checked.register)
