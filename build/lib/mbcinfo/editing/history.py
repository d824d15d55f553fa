"""Readable differences between two versions of a page, as an HTML table."""
import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe


def diff_table(old_text, new_text, old_label, new_label):
    """A side-by-side table of changed lines with three lines of context.

    difflib escapes the lines it shows (&, <, >), but not the column labels, so those are
    escaped here; the result is safe to put in a page as it is. difflib writes every space as
    &nbsp; so lines never wrap; plain spaces under `white-space: pre-wrap` (editing.css) keep the
    layout and let long Markdown paragraphs wrap at word boundaries. An editor's own "&nbsp;"
    arrives escaped as "&amp;nbsp;", so the replacement cannot touch it.
    """
    table = difflib.HtmlDiff(tabsize=4).make_table(
        old_text.splitlines(), new_text.splitlines(), escape(old_label), escape(new_label),
        context=True, numlines=3)
    return mark_safe(table.replace("&nbsp;", " "))  # noqa: S308 — escaped by difflib and above
