"""Topic files for tests: front matter that passes every check, and a page built from it."""
import textwrap

VALID_FRONT = """\
title: {title}
slug: {slug}
summary: A short summary.
section: Understanding
order: {order}
last_reviewed: 2026-11-26
next_review: 2027-05-26
sources:
- publisher: Susan G. Komen
  title: Metastatic Breast Cancer
related: {related}
"""


def page_text(slug, title=None, body="## Part one\n\nSome text.\n", order=10, related="[]", front=None):
    front = front if front is not None else VALID_FRONT.format(
        title=title or slug.replace("-", " ").title(), slug=slug, order=order, related=related)
    return f"---\n{front}---\n\n{textwrap.dedent(body)}"

