"""Phase two of a load: plan what changes, then store it through the store policy.

The plan is computed once, from the checked pages and the stored ones, without writing; a dry
run reports it, a load applies it. What a plan holds for each page is the policy's decision:

- `FilesWin`, the default here, takes a file's version whenever the file changed, and keeps
  nothing else;
- another app may decide otherwise (say, keep pages edited in the admin and store revisions).
  `settings.CONTENT_STORE_POLICY` names the policy class by dotted path, as
  `MARKDOWNX_MARKDOWNIFY_FUNCTION` names a function, so topics needs to know nothing of it.
"""
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .models import ContentGeneration, GlossaryTerm, Topic

DEFAULT_POLICY = "mbcinfo.topics.store.FilesWin"


def file_hash(text):
    """The hash of a content file: of its text as the loader reads it (frontmatter.text_of:
    UTF-8, no byte order mark, \\n line ends), so a file's line endings never make it "changed"."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_policy(**options):
    """A new instance of the configured store policy, given loadcontent's policy options."""
    return import_string(getattr(settings, "CONTENT_STORE_POLICY", DEFAULT_POLICY))(**options)


@dataclass
class Step:
    """One change the plan makes: `action` names the policy method that applies it."""

    action: str
    topic: Topic
    page: object = None  # loader.Page, for steps that take a file
    note: str = ""
    result: object = None  # what the report shows, filled in when applied (a Conflict, a notice)


@dataclass
class Plan:
    collection: str
    language: str = "en"
    steps: list = field(default_factory=list)
    glossary: dict | None = None  # {slug: fields} to store; None leaves the glossary alone
    glossary_gone: set = field(default_factory=set)
    glossary_former: dict = field(default_factory=dict)  # {slug: anchors it keeps}, for entries renamed

    def add(self, action, topic, page=None, note="", result=None):
        self.steps.append(Step(action, topic, page, note, result))
        return result


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    # Filled by a store policy that keeps edits made elsewhere: pages whose stored version was
    # kept over an unchanged file, and pages left as they were because both changed.
    kept: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    generation: int = 0
    glossary_changed: bool = False
    claims_changed: bool = False
    tallies: list = field(default_factory=list)  # the policy's own counts, in words, for summary()

    @property
    def ok(self):
        return not self.problems

    @property
    def changed_slugs(self):
        return self.created + self.updated + self.unpublished

    def add(self, other):
        """Take in the report of another collection stored in the same load (a translation)."""
        for name in ("created", "updated", "unchanged", "unpublished", "kept", "conflicts", "problems", "notices"):
            getattr(self, name).extend(getattr(other, name))
        self.generation = max(self.generation, other.generation)
        self.glossary_changed = self.glossary_changed or other.glossary_changed
        self.claims_changed = self.claims_changed or other.claims_changed

    def summary(self):
        text = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.unpublished:
            text += f", {len(self.unpublished)} unpublished (file removed)"
        text += "".join(f", {tally}" for tally in self.tallies)
        if self.glossary_changed:
            text += "; glossary updated"
        if self.claims_changed:
            text += "; claims register updated"
        return text


def plan_glossary(plan, terms, language="en"):
    """Plan making the stored glossary in `language` match its file. Returns True when anything changes."""
    wanted = {entry.slug: {"term": entry.term, "definition": entry.definition,
                           "from_source": list(entry.from_source), "matches": list(entry.matches),
                           "see_also": list(entry.see_also), "language": language,
                           "translation_of": entry.translation_of} for entry in terms.entries}
    stored = {term.slug: term for term in GlossaryTerm.objects.filter(language=language)}
    plan.glossary = {slug: fields for slug, fields in wanted.items() if slug not in stored
                     or any(getattr(stored[slug], name) != value for name, value in fields.items())}
    plan.glossary_gone = set(stored) - set(wanted)
    plan.glossary_former = glossary_former_slugs(stored, wanted)
    for slug in plan.glossary_former:
        plan.glossary.setdefault(slug, wanted[slug])
    return bool(plan.glossary or plan.glossary_gone)


def glossary_former_slugs(stored, wanted):
    """{new slug: the anchors it keeps} for entries whose slug changed.

    An entry that went and one that came are the same entry when they name the same word or
    share a phrase they link from; the new one then keeps the old anchor (and the anchors the
    old one kept). A slug in use now is never also a kept anchor."""
    gone = [stored[slug] for slug in stored if slug not in wanted]
    came = [slug for slug in wanted if slug not in stored]
    former = {}
    for old in gone:
        old_phrases = {phrase.lower() for phrase in old.matches}
        for slug in came:
            entry = wanted[slug]
            if (entry["term"].lower() == old.term.lower()
                    or old_phrases & {phrase.lower() for phrase in entry["matches"]}):
                former.setdefault(slug, []).extend([*old.former_slugs, old.slug])
                break
    for slug, term in stored.items():
        if slug in wanted and term.former_slugs and set(term.former_slugs) & set(wanted):
            former[slug] = list(term.former_slugs)
    return {slug: sorted(set(slugs) - set(wanted)) for slug, slugs in former.items()}


class FilesWin:
    """The default store policy: a file's version is taken; no revisions are kept."""

    # Extra loadcontent options, as (flag, argparse keyword arguments); their values come back
    # to __init__ by their dest names.
    command_options = ()

    def __init__(self, **options):
        self.options = options

    # Planning: decide, write nothing.

    def plan_page(self, plan, report, topic, page):
        """Add the steps for one checked page; `topic` is the stored page, or None for a new one."""
        slug = page.source.slug
        if topic is None:
            report.created.append(slug)
            plan.add("create", Topic(slug=slug, collection=plan.collection, language=plan.language), page,
                     f"created from {Path(page.source.path).name}")
        elif topic.file_hash != page.file_hash:
            report.updated.append(slug)
            plan.add("take", topic, page, f"loaded from {Path(page.source.path).name}")
        elif topic.withdrawn:  # its file came back as it was
            report.updated.append(slug)
            plan.add("restore", topic)
        else:
            report.unchanged.append(slug)

    def plan_missing(self, plan, report, topic):
        """A stored page of the collection whose file has gone: withdrawn, kept in the database."""
        report.unpublished.append(topic.slug)
        plan.add("withdraw", topic)

    def tally(self, report):
        """Counts of this policy's own outcomes, in words, for the report's summary line."""
        return []

    # Applying: each method is one step's action.

    def apply(self, plan, report):
        if plan.glossary_gone:
            GlossaryTerm.objects.filter(slug__in=plan.glossary_gone).delete()
        for slug, fields in (plan.glossary or {}).items():
            kept = {"former_slugs": plan.glossary_former[slug]} if slug in plan.glossary_former else {}
            GlossaryTerm.objects.update_or_create(slug=slug, defaults=fields | kept)
        created = [step for step in plan.steps if step.action == "create"]
        for step in created:
            take_file(step.topic, step.page)
        self.store_new(created)
        for step in plan.steps:
            if step.action != "create":
                getattr(self, step.action)(step)

    def announce(self, report):
        """Once per load, after every collection (English and its translations) is applied:
        one new content generation, one content_changed for all of them."""
        if report.changed_slugs or report.glossary_changed:
            report.generation = ContentGeneration.announce(report.changed_slugs)

    def store_new(self, steps):
        # A few statements in all rather than one per page: on PostgreSQL the round trips were
        # a tenth of loading the 2,802-page corpus.
        Topic.objects.bulk_create([step.topic for step in steps], batch_size=500)

    def take(self, step):
        take_file(step.topic, step.page)
        step.topic.save()

    def restore(self, step):
        step.topic.withdrawn = False
        step.topic.save(update_fields=["withdrawn", "updated"])

    def withdraw(self, step):
        step.topic.withdrawn = True
        step.topic.save(update_fields=["withdrawn", "updated"])


def take_file(topic, page):
    """Set a file's version on `topic` (not saved), and remember the file and what it held."""
    for name, value in page.fields_to_store().items():
        setattr(topic, name, value)
    topic.source_path = Path(page.source.path).name
    topic.withdrawn = False
    remember_file(topic, page.file_hash)


def remember_file(topic, digest):
    """The page now holds what the file with hash `digest` holds (not saved)."""
    topic.file_hash = digest
    topic.content_hash = topic.synced_hash = topic.compute_content_hash()
