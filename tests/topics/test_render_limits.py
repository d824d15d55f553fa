"""Page text is rendered in bounded time, or refused with a message saying where and why.

Timings are printed (run with -rA to see them), never asserted: bench/render_worst.py holds
the figures. The hostile shapes are in hostile_markdown.py, shared with that script.
"""
import re
import time

import pytest

from mbcinfo.topics import rendering
from mbcinfo.topics.frontmatter import parse
from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic
from mbcinfo.topics.rendering import (MAX_BODY_BYTES, MAX_BODY_LINES, MAX_FORMATTING_CHARACTERS,
                                      refusal, render_body, render_markdown)

from tests.pages import page_text
from .hostile_markdown import HOSTILE, at_the_limit


def page_file(slug, body):
    """A content file with `body` exactly as given (page_text would dedent it)."""
    return page_text(slug, body="x").removesuffix("x") + body


@pytest.mark.parametrize("name, just_under, just_over", [
    ("bytes", "a" * MAX_BODY_BYTES, "a" * (MAX_BODY_BYTES + 1)),
    ("bytes, counted in UTF-8", "é" * (MAX_BODY_BYTES // 2), "é" * (MAX_BODY_BYTES // 2) + "a"),
    ("lines", "a\n" * (MAX_BODY_LINES - 1) + "a", "a\n" * MAX_BODY_LINES + "a"),
    ("lines ended by a lone carriage return", "a\r" * (MAX_BODY_LINES - 1) + "a", "a\r" * MAX_BODY_LINES + "a"),
    ("formatting characters", "[" * MAX_FORMATTING_CHARACTERS, "[" * MAX_FORMATTING_CHARACTERS + "|"),
])
def test_a_body_at_each_limit_is_accepted_and_one_past_it_is_refused(name, just_under, just_over):
    assert refusal(just_under) is None
    assert refusal(just_over) is not None
    assert render_body(just_under).html


def test_the_refusal_names_the_line_where_a_limit_is_passed():
    ten = "*a* *b* _c_ _d_ [e]\n"  # ten formatting characters a line
    body = "Intro.\n\n" + ten * (MAX_FORMATTING_CHARACTERS // 10) + "One more *word*.\n"
    refused = refusal(body)
    assert "formatting characters" in refused.message and f"{MAX_FORMATTING_CHARACTERS:,}" in refused.message
    assert refused.line == 2 + MAX_FORMATTING_CHARACTERS // 10 + 1
    assert refusal("a\n" * (MAX_BODY_LINES + 5)).line == MAX_BODY_LINES + 1


def test_loadcontent_reports_a_body_past_a_limit_at_its_file_and_line(tmp_path, db):
    directory = tmp_path / "content"
    directory.mkdir()
    body = "Intro.\n\n" + "*a* *b* _c_ _d_ [e]\n" * (MAX_FORMATTING_CHARACTERS // 10) + "*f*\n"
    text = page_file("heavy", body)
    (directory / "heavy.md").write_text(text)
    report = load_directory(directory)
    assert not report.ok and not Topic.objects.exists()
    [problem] = report.problems
    body_line = text.split("\n").index("Intro.") + 1
    assert problem.path.endswith("heavy.md")
    assert problem.line == body_line + 2 + MAX_FORMATTING_CHARACTERS // 10
    assert text.split("\n")[problem.line - 1] == "*f*"
    assert "formatting characters" in problem.message


def test_many_duplicate_headings_get_their_usual_ids_with_linear_work(monkeypatch):
    looks = []

    class CountingSet(set):
        def __contains__(self, candidate):
            looks.append(candidate)
            return super().__contains__(candidate)

    taken_ids = rendering._taken_ids
    monkeypatch.setattr(rendering, "_taken_ids", lambda footnotes: CountingSet(taken_ids(footnotes)))
    count = MAX_BODY_LINES // 2
    rendered = render_markdown("## a\n\n" * count)  # not render_body, which may remember it
    assert [heading.anchor for heading in rendered.headings] == ["a"] + [f"a-{n}" for n in range(1, count)]
    # One look per heading and one per taken id skipped: the plugin used before counted from 1
    # for every duplicate, so 24,000 headings took 55 s.
    assert len(looks) <= 2 * count


def test_duplicate_heading_ids_are_the_ones_links_already_use():
    rendered = render_body("## a\n\n## a\n\n## a-1\n\n## a\n\n### A\n\n## Über uns\n\n## ?\n")
    assert [heading.anchor for heading in rendered.headings] == ["a", "a-1", "a-1-1", "a-2", "a-3", "uber-uns", "section"]


def record(record_property, route, name, size, started):
    took = time.perf_counter() - started
    record_property(f"{route} seconds", round(took, 3))
    print(f"{route}: {name}: {size:,} bytes in {took:.3f} s")


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("name", list(HOSTILE))
def test_loadcontent_renders_or_refuses_every_hostile_body_at_the_limit(name, tmp_path, record_property):
    for size, body in at_the_limit(HOSTILE[name]):
        directory = tmp_path / size.replace(" ", "-")
        directory.mkdir()
        text = page_file("hostile", body)
        (directory / "hostile.md").write_text(text, encoding="utf-8")
        checked = parse("hostile.md", text.encode())
        refused = refusal(body.strip("\n"))  # the text after the front matter's blank line
        render_body.cache_clear()  # time the render itself, not a remembered one
        started = time.perf_counter()
        report = load_directory(directory)
        record(record_property, f"loadcontent, {size}", name, len(body.encode()), started)
        if refused is None:
            assert report.ok, [str(problem) for problem in report.problems]
            assert Topic.objects.get(slug="hostile").body == checked.body
        else:
            assert [problem.message for problem in report.problems] == [refused.message]
            assert report.problems[0].line == text[:-len(body)].count("\n") + refused.line
        Topic.objects.all().delete()


def ids_in(html):
    return re.findall(r'\sid="([^"]*)"', html)


def test_a_heading_never_takes_a_footnote_id():
    rendered = render_body("## fn1\n\n## fnref1\n\nText[^a].\n\n[^a]: A note.\n")
    ids = ids_in(rendered.html)
    assert len(ids) == len(set(ids)) and {"fn1", "fnref1"} <= set(ids)
    assert [heading.anchor for heading in rendered.headings] == ["fn1-1", "fnref1-1"]


def test_aligned_table_cells_get_a_class_and_no_style_attribute():
    html = render_body("|left|centre|right|plain|\n|:--|:-:|--:|---|\n|1|2|3|4|\n").html
    assert "style=" not in html
    assert html.count('class="align-left"') == 2 and html.count('class="align-center"') == 2
    assert html.count('class="align-right"') == 2
    assert "<th>plain</th>" in html and "<td>4</td>" in html


def test_the_sanitiser_keeps_only_alignment_classes_on_table_cells():
    html = rendering.sanitize('<table><tr><td class="align-right">1</td><td class="danger">2</td>'
                              '<td style="text-align:right">3</td></tr></table>')
    assert '<td class="align-right">1</td>' in html
    assert "<td>2</td>" in html and "<td>3</td>" in html


def test_the_site_stylesheet_aligns_each_alignment_class():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    for align in ("left", "center", "right"):
        assert re.search(rf"\.align-{align}[^{{]*\{{\s*text-align:\s*{align};", css), align
