"""Models → files: write pages back as Markdown, the way the loader reads them.

A page is written atomically (a temporary file in the same directory, then a rename), so a
crash never leaves half a page for the next load. A file that changed on disk since it was
last loaded or exported is not overwritten unless the database holds that version as a
revision (loadcontent stores it when it reports a conflict) or the caller forces it: export
must not lose file edits any more than loading may lose admin edits.
"""
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from mbcinfo.topics import frontmatter
from mbcinfo.topics.extras import content_extras
from mbcinfo.topics.loader import collection_name
from mbcinfo.topics.models import ENGLISH, TRANSLATIONS, Topic
from mbcinfo.topics.store import file_hash

from .sync import edited_since_sync


@dataclass
class ExportReport:
    written: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # messages: files changed on disk, not overwritten
    unknown: list = field(default_factory=list)  # messages: slugs asked for that no page has

    @property
    def ok(self):
        return not self.refused and not self.unknown

    def summary(self):
        text = f"{len(self.written)} written, {len(self.unchanged)} unchanged, {len(self.refused)} refused"
        return text + (f", {len(self.unknown)} unknown" if self.unknown else "")


def export_topics(directory=None, slugs=None, force=False):
    """Write topics to `directory` (default: the content directory). Returns an ExportReport.

    Without `slugs`, every page loaded from (or made in the admin for) the content directory and
    not withdrawn is written, and its translations to their subdirectories (content/es/). Sync state (`file_hash`, `synced_hash`) moves only when a page is
    written to its own collection's directory: an export elsewhere is a copy, not the source.
    """
    directory = Path(directory or settings.CONTENT_DIR)
    target_collection = collection_name(directory)
    report = ExportReport()
    if slugs:
        topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=slugs)}
        for slug in slugs:
            if slug not in topics:
                report.unknown.append(f"{slug}: no page has this slug.")
        topics = [topics[slug] for slug in slugs if slug in topics]
    else:
        english = collection_name(settings.CONTENT_DIR)
        topics = Topic.objects.filter(collection__in=[english, *translation_collections(english)], withdrawn=False)
    for topic in topics:
        # A translation goes to the language's subdirectory, English pages to the directory itself.
        folder = directory if topic.language == ENGLISH else directory / topic.language
        _export_one(topic, folder, collection_name(folder) if folder != directory else target_collection,
                    force, report)
    for extra in content_extras():
        extra.export(directory, topics, force, report)
    return report


def translation_collections(english):
    """The collection names of the translations of the English collection `english`."""
    return [str(Path(english) / language) for language in TRANSLATIONS]


def _export_one(topic, directory, target_collection, force, report):
    path = directory / (topic.source_path or f"{topic.slug}.md")
    text = topic.to_markdown()
    own_file = target_collection == topic.collection
    current = path.read_bytes() if path.exists() else None
    if current is not None and own_file and not edited_since_sync(topic) \
            and hash_of_file(current) == topic.file_hash:
        report.unchanged.append(topic.slug)  # in step: keep the editor's own layout of the file
        return
    if current == text.encode("utf-8"):
        report.unchanged.append(topic.slug)
    elif current is not None and own_file and not force and not _safe_to_overwrite(topic, current):
        report.refused.append(
            f"{path}: changed on disk since it was last loaded or exported, and the site has not seen "
            "that version. Run loadcontent first (a conflict keeps both versions as revisions), "
            "or pass --force to overwrite the file.")
        return
    else:
        write_atomically(path, text)
        report.written.append(topic.slug)
    if own_file:
        _mark_in_step(topic, text)


def _safe_to_overwrite(topic, data):
    """True when the file on disk holds nothing the database would lose."""
    if hash_of_file(data) == topic.file_hash:
        return True
    source = frontmatter.parse(str(topic.source_path), data, allow_extra_fields=True)
    if source.problems:
        return False
    on_disk = Topic(slug=topic.slug, **Topic.fields_from(source.meta, source.extra, source.body))
    return topic.revisions.filter(content_hash=on_disk.compute_content_hash()).exists()


def hash_of_file(data):
    """The file's hash as the loader takes it (store.file_hash of the text it reads), or None
    when the bytes are not a text the loader would read."""
    text, _ = frontmatter.text_of("file", data)
    return file_hash(text) if text is not None else None


def _mark_in_step(topic, text):
    """The file now holds exactly the page's content (the text is canonical, so one hash)."""
    in_step = {"file_hash": file_hash(text), "content_hash": file_hash(text),
               "synced_hash": file_hash(text), "source_path": topic.source_path or f"{topic.slug}.md"}
    if any(getattr(topic, name) != value for name, value in in_step.items()):
        Topic.objects.filter(pk=topic.pk).update(**in_step)


def write_atomically(path, text):
    """Write `text` (or bytes) to `path` so that readers see the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    # A dot-name not ending in .md, so a load running meanwhile never reads it as a page.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
