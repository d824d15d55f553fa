"""YAML that editors write refuses anchors and aliases before anything is built, and messages
quote a value only as a short excerpt."""
import pytest
import yaml

from mbcinfo.topics.frontmatter import (FrontMatterLoader, SafeYAMLLoader, excerpt, parse,
                                        yaml_error_line)
from mbcinfo.topics.glossary import read_glossary
from mbcinfo.topics.site import SiteFactsError, read_site_facts

from tests.pages import VALID_FRONT, page_text
from .hostile_yaml import alias_bomb

FRONT = VALID_FRONT.format(title="Bomb", slug="bomb", order=10, related="[]")


def problems(text):
    return [str(problem) for problem in parse("bomb.md", text.encode()).problems]


def test_a_front_matter_alias_bomb_is_refused_at_the_line_of_its_first_anchor():
    # last_reviewed: *bomb once cost 47.7 s and a MemoryError: the message quoted the value.
    front = FRONT.replace("last_reviewed: 2026-11-26\n", "") + alias_bomb(9) + "last_reviewed: *a8\n"
    text = page_text("bomb", front=front)
    [message] = problems(text)
    anchor_line = text.split("\n").index("a0: &a0 [x, x, x, x, x, x, x, x, x, x]") + 1
    assert message.startswith(f"bomb.md:{anchor_line}: front matter has an anchor or alias")
    assert "not allowed" in message and len(message) < 200


def test_an_alias_alone_is_refused_at_its_line():
    text = page_text("bomb", front=FRONT + "next_review_copy: *nowhere\n")
    [message] = problems(text)
    assert message.startswith(f"bomb.md:{text.split(chr(10)).index('next_review_copy: *nowhere') + 1}: ")
    assert "anchor or alias" in message


def test_a_harmless_anchor_is_refused_too_with_a_message_saying_anchors_are_not_allowed():
    text = page_text("bomb", front=FRONT.replace("title: Bomb", "title: &t Bomb"))
    [message] = problems(text)
    assert message == ("bomb.md:2: front matter has an anchor or alias ('&name' or '*name'); these "
                       "are not allowed here. Write each value out in full.")


@pytest.mark.parametrize("loader", [SafeYAMLLoader, FrontMatterLoader])
def test_the_loaders_refuse_anchors_and_aliases_but_read_everything_else(loader):
    assert yaml.load("a: [x, 'y &z', \"*w\"]\nb: {c: 1}\n", Loader=loader) == {"a": ["x", "y &z", "*w"], "b": {"c": 1}}
    for text in ("a: &x 1\n", "a: *x\n", "- &x [1]\n- *x\n", "<<: *base\n", "a: !!set {&k x}\n"):
        with pytest.raises(yaml.YAMLError, match="anchors and aliases"):
            yaml.load(text, Loader=loader)


def test_the_front_matter_loader_still_leaves_dates_as_text():
    assert yaml.load("d: 2026-11-26\n", Loader=FrontMatterLoader) == {"d": "2026-11-26"}


def test_the_glossary_refuses_anchors_at_their_line():
    text = "- term: Hospice\n  slug: &s hospice\n  definition: Care.\n  from_source: Care.\n  matches: [hospice]\n"
    [problem] = read_glossary("glossary.yaml", text.encode()).problems
    assert str(problem).startswith("glossary.yaml:2: has an anchor or alias")


def test_site_facts_refuse_anchors_at_their_line(tmp_path):
    path = tmp_path / "site.yaml"
    path.write_text("site_name: &n MBC Info\ntagline: *n\n")
    with pytest.raises(SiteFactsError, match=r"site\.yaml:1: has an anchor or alias"):
        read_site_facts(path)


@pytest.mark.parametrize("field, value", [
    ("last_reviewed", "x" * 10_000),
    ("last_reviewed", "[" + ", ".join(["[1, 2, 3]"] * 3000) + "]"),
    ("status", "s" * 10_000),
    ("slug", "Not A Slug " * 1000),
    ("x" * 10_000, "1"),
])
def test_messages_quote_a_long_value_only_as_a_short_excerpt(field, value):
    front = "\n".join(line for line in FRONT.splitlines() if not line.startswith(f"{field}:")) + f"\n{field}: {value}\n"
    messages = problems(page_text("bomb", front=front))
    assert messages and all(len(message) < 400 for message in messages), messages


def test_an_excerpt_is_at_most_sixty_characters_and_an_ellipsis_and_never_builds_a_huge_value():
    assert excerpt("short") == "short"
    assert excerpt("y" * 61) == "y" * 60 + "…"
    nested = [[["x"] * 1000] * 1000] * 1000  # a billion values by reference, as an alias bomb makes
    assert len(excerpt(nested)) <= 61


def test_a_yaml_error_at_the_end_of_a_text_without_a_final_newline_is_on_its_last_line():
    with pytest.raises(yaml.YAMLError) as error:
        yaml.load("a: 1\nb: [unclosed", Loader=SafeYAMLLoader)
    assert yaml_error_line(error.value, "a: 1\nb: [unclosed") == 2
