import textwrap

import pytest

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


@pytest.fixture
def content_dir(tmp_path):
    """A directory with two good pages; tests add or break files in it."""
    directory = tmp_path / "content"
    directory.mkdir()
    (directory / "first.md").write_text(page_text("first", related="[second]"))
    (directory / "second.md").write_text(page_text("second", order=20, body="## Part\n\nSee [the first page](/topics/first/).\n"))
    return directory
