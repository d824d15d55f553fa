"""Files that travel with the pages in a content directory but belong to another app (the
editor's images). `settings.CONTENT_EXTRAS` lists classes, by dotted path, that loadcontent and
exportcontent call, so that topics needs to know nothing about them.

A new instance is made for each load or export. Its methods:

- `check(directory, sources)` → a list of frontmatter.Problem: phase one of a load, which reads
  and checks but writes nothing. `sources` are the pages read (frontmatter.SourceFile); a page
  the loader took as unchanged without parsing it has an empty body.
- `write(dry_run, report)`: phase two, inside the load's transaction; may add report.notices.
- `export(directory, topics, force, report)`: after the pages are written; adds file names to
  report.written, report.unchanged or report.refused (a message).
"""
from django.conf import settings
from django.utils.module_loading import import_string


def content_extras():
    return [import_string(path)() for path in getattr(settings, "CONTENT_EXTRAS", ())]
