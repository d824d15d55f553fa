"""Phase one of loading: each bad file is refused with file:line and what to do."""
from mbcinfo.topics import frontmatter

from tests.pages import VALID_FRONT, page_text


def problems(text, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [str(p) for p in frontmatter.parse("page.md", data, **kwargs).problems]


def test_a_valid_page_has_no_problems_and_keeps_its_dates():
    source = frontmatter.parse("page.md", page_text("ok").encode())
    assert source.problems == []
    assert source.meta["last_reviewed"].isoformat() == "2026-11-26"
    assert source.body.strip().startswith("## Part one")


def test_invalid_yaml_is_refused_with_its_line():
    text = page_text("x", front="title: Broken\nslug: x\nsummary: [unclosed\n")
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith("page.md:")
    assert "not valid YAML" in found[0]


def test_missing_required_field_is_named():
    text = page_text("x", front="title: No summary\nslug: x\n")
    assert any("missing required field 'summary'" in p for p in problems(text))


def test_wrongly_typed_field_is_refused():
    front = VALID_FRONT.format(title="T", slug="t", order="ten", related="[]")
    found = problems(page_text("t", front=front))
    assert any(p.startswith("page.md:6:") and "'order' must be a whole number" in p for p in found)


def test_unknown_field_suggests_the_closest_known_name():
    front = VALID_FRONT.format(title="T", slug="t", order=1, related="[]") + "sumary: typo\n"
    found = problems(page_text("t", front=front))
    assert any("unknown field 'sumary'" in p and "Did you mean 'summary'?" in p for p in found)


def test_unknown_fields_are_kept_as_metadata_when_allowed():
    front = VALID_FRONT.format(title="T", slug="t", order=1, related="[]") + "source_url: https://example.org\n"
    source = frontmatter.parse("page.md", page_text("t", front=front).encode(), allow_extra_fields=True)
    assert source.problems == []
    assert source.extra == {"source_url": "https://example.org"}


def test_bad_date_is_refused_with_the_format_to_use():
    front = VALID_FRONT.format(title="T", slug="t", order=1, related="[]").replace("2027-05-26", "2027-02-30")
    found = problems(page_text("t", front=front))
    assert any(p.startswith("page.md:8:") and "YYYY-MM-DD" in p for p in found)


def test_slug_must_be_lowercase_with_hyphens():
    front = VALID_FRONT.format(title="T", slug="Palliative_Care", order=1, related="[]")
    assert any("lowercase letters" in p for p in problems(page_text("x", front=front)))


def test_file_that_is_not_utf8_is_refused_with_the_line_of_the_bad_byte():
    text = page_text("t")
    line = text.splitlines().index("Some text.") + 1
    found = problems(text.encode("utf-8").replace(b"Some text.", b"Caf\xe9 text."))
    assert len(found) == 1 and "not UTF-8" in found[0]
    assert found[0].startswith(f"page.md:{line}:")


def test_empty_body_is_refused():
    assert any("no text after the front matter" in p for p in problems(page_text("t", body="\n  \n")))


def test_file_over_one_megabyte_is_refused():
    data = page_text("t", body="word " * 220_000).encode()
    found = problems(data)
    assert len(found) == 1 and "limit is 1,048,576" in found[0]


def test_missing_front_matter_is_refused():
    assert any("no front matter" in p for p in problems("# Just a heading\n\nText\n"))
