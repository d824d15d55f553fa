"""Files and admin kept in step: the store policy loadcontent uses when pages are also edited in
the admin (settings.CONTENT_STORE_POLICY names it).

A load decides per page, from the hash of the file it last loaded or exported (`file_hash`)
and whether the page was edited since (`edited_since_sync`):

- file changed, page not edited in the admin → take the file;
- file unchanged, page edited in the admin → keep the admin version, and say so;
- both changed → a conflict: the page is left as it is, the file's version is stored as a
  revision that was not applied, and both revision ids are reported. `--prefer-files` takes the
  file instead; the admin version is already a revision.

Every version stored is also a Revision, so no sequence of loads and admin saves loses an edit.
"""
from dataclasses import dataclass
from pathlib import Path

from mbcinfo.topics.models import Topic
from mbcinfo.topics.store import FilesWin, remember_file

from .models import Revision


def edited_since_sync(topic):
    """Changed in the admin since its file was last loaded or exported."""
    return topic.content_hash != topic.synced_hash


def in_step(topic):
    """The page has a file, and the file holds what the page holds."""
    return bool(topic.file_hash) and not edited_since_sync(topic)


def keep_stored_state(stored):
    """Before `stored` (a Topic as the database holds it) is changed, make sure its current
    content is in the history: pages stored before revisions existed, or changed by code
    that bypassed save_edit, would otherwise lose that version."""
    latest = stored.revisions.filter(applied=True).first()
    if latest is not None and latest.content_hash == stored.compute_content_hash():
        return latest
    origin = Revision.Origin.FILE if in_step(stored) else Revision.Origin.ADMIN
    return Revision.record(stored, origin, note="version before this change, not yet in the history")


@dataclass
class Conflict:
    """A page whose file changed while it was also edited in the admin."""

    slug: str
    path: str
    admin_revision: int  # the version the database keeps
    file_revision: int | None = None  # the file's version, stored but not applied (None on a dry run)

    def __str__(self):
        file_side = (f"the file's version is revision {self.file_revision}" if self.file_revision
                     else "the file's version was not stored (dry run)")
        return (f"{self.path}: conflict: the file changed and the page was also edited in the admin "
                f"since the file was last loaded or exported. The site keeps revision "
                f"{self.admin_revision}; {file_side}. Compare them in the admin (the page's "
                "Revisions), then either run loadcontent --prefer-files to take the file, or "
                f"exportcontent --slug {self.slug} to write the admin version to the file.")


@dataclass
class TookFile:
    """The notice for a file taken over an admin edit (--prefer-files)."""

    path: str
    admin_revision: object = "(dry run)"  # the revision id once the load stores it

    def __str__(self):
        return (f"{self.path}: took the file (--prefer-files); the admin version is kept "
                f"as revision {self.admin_revision}.")


class FileOrAdminPolicy(FilesWin):
    """Pages change both from their files and in the admin; neither side's edit is lost."""

    command_options = (
        ("--prefer-files", {"action": "store_true", "help": (
            "where a file and the admin both changed a page, take the file "
            "(the admin version stays in the page's revisions)")}),
    )

    def __init__(self, prefer_files=False, **options):
        super().__init__(**options)
        self.prefer_files = prefer_files

    def plan_page(self, plan, report, topic, page):
        if topic is None:
            return super().plan_page(plan, report, topic, page)
        slug, path = page.source.slug, page.source.path
        file_changed = topic.file_hash != page.file_hash
        edited = edited_since_sync(topic)
        if file_changed and edited:
            incoming = Topic(slug=slug, **page.fields_to_store())
            if incoming.compute_content_hash() == topic.content_hash:
                # The file already says what the admin version says (say, exported by hand).
                (report.updated if topic.withdrawn else report.unchanged).append(slug)
                plan.add("mark_in_step", topic, page)
                return
            if not self.prefer_files:
                latest = topic.revisions.filter(applied=True).first()
                conflict = Conflict(slug, path, latest.pk if latest else 0)
                report.conflicts.append(plan.add("hold_file", topic, page, result=conflict))
                return
            report.notices.append(plan.add("keep_admin_version", topic, result=TookFile(path)))
        if file_changed or not edited:
            return super().plan_page(plan, report, topic, page)
        report.kept.append(slug)
        report.notices.append(f"{path}: edited in the admin; run exportcontent to write it to the file.")
        if topic.withdrawn:  # its file came back as it was
            report.updated.append(slug)
            plan.add("restore", topic)

    def plan_missing(self, plan, report, topic):
        if not topic.file_hash:  # made in the admin and never written to a file: not a removal
            report.notices.append(f"{topic.slug}: created in the admin; run exportcontent to write it to a file.")
            return
        super().plan_missing(plan, report, topic)

    def tally(self, report):
        return ([f"{len(report.kept)} kept as edited in the admin"] if report.kept else []) + \
            ([f"{len(report.conflicts)} in conflict (left as they were)"] if report.conflicts else [])

    def store_new(self, steps):
        super().store_new(steps)
        Revision.objects.bulk_create([Revision.of(step.topic, Revision.Origin.FILE, note=step.note)
                                      for step in steps], batch_size=500)

    def take(self, step):
        latest = keep_stored_state(step.topic)
        super().take(step)
        if latest.content_hash != step.topic.content_hash:  # not for a layout-only change
            Revision.record(step.topic, Revision.Origin.FILE, note=step.note)

    def mark_in_step(self, step):
        step.topic.withdrawn = False
        remember_file(step.topic, step.page.file_hash)
        step.topic.save(update_fields=["file_hash", "content_hash", "synced_hash", "withdrawn", "updated"])

    def keep_admin_version(self, step):
        step.result.admin_revision = keep_stored_state(step.topic).pk

    def hold_file(self, step):
        """Leave the page as it is; store the file's version as a revision not applied."""
        topic, conflict = step.topic, step.result
        conflict.admin_revision = keep_stored_state(topic).pk
        incoming = Topic(slug=topic.slug, **step.page.fields_to_store())
        file_version = topic.revisions.filter(content_hash=incoming.compute_content_hash(), applied=False).first()
        if file_version is None:
            file_version = Revision.record(
                topic, Revision.Origin.FILE, content=incoming, applied=False,
                note=f"{Path(step.page.source.path).name} changed while the page was edited in the admin; not applied")
        conflict.file_revision = file_version.pk
