"""The search fields are declared once (mbcinfo/search/fields.py), and that list drives the
schema, the analysis, what is stored, the fallback's scoring, snippets and autocomplete labels;
building the index does not import query parsing."""
import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from mbcinfo.search import fallback, fields, schema
from mbcinfo.search.documents import Document, analysed, index_fields
from mbcinfo.search.query import build_groups, parse
from mbcinfo.search.synonyms import Synonyms

ROOT = Path(__file__).resolve().parents[2]


def document(**values):
    base = dict(id="p", kind="topic", slug="p", anchor="", title="", heading="", summary="", body="",
                section="Support")
    return Document(**{**base, **values})


def test_every_document_field_has_exactly_one_declaration():
    names = [field.name for field in fields.FIELDS]
    assert len(names) == len(set(names))
    assert set(names) == {field.name for field in dataclasses.fields(Document)}


def test_the_schema_keeps_every_declared_field_and_searches_the_weighted_ones_through_one_field_per_language():
    made = schema.make_schema()
    for field in fields.FIELDS:
        assert field.name in made.names()
        assert made[field.name].stored == field.stored
    searchable = {name for name in made.names() if made[name].indexed}
    keywords = {field.name for field in fields.FIELDS if field.analyzer == fields.KEYWORD}
    assert searchable == keywords | {fields.SEARCH_FIELD, fields.search_field("es"), fields.SPELL_FIELD,
                                     fields.AUTOCOMPLETE_FIELD, fields.EXACT_FIELD}


def test_each_word_is_weighted_by_the_boost_its_field_declares(monkeypatch):
    terms, _ = analysed(document(title="alpha", heading="beta", summary="gamma", body="delta delta"))
    weights = {term: weight for term, _, weight in terms}
    assert weights == {"alpha": 4.0, "beta": 3.0, "gamma": 1.5, "delta": 1.0}
    changed = tuple(dataclasses.replace(field, boost=2.0) if field.name == "body" else field
                    for field in fields.WEIGHTED)
    monkeypatch.setattr(fields, "WEIGHTED", changed)
    assert {term: weight for term, _, weight in analysed(document(body="delta"))[0]} == {"delta": 2.0}


def test_a_changed_field_list_changes_the_schema_version(monkeypatch):
    before = fields.fingerprint()
    changed = tuple(dataclasses.replace(field, boost=5.0) if field.name == "title" else field
                    for field in fields.FIELDS)
    monkeypatch.setattr(fields, "FIELDS", changed)
    assert fields.fingerprint() != before
    assert schema.SCHEMA_VERSION.endswith(before)


def test_the_index_is_handed_every_stored_field_and_a_topic_label_for_autocomplete():
    topic = document(title="Help with money", summary="Bills", body="Ask your hospital.")
    handed = index_fields(topic, analysed(topic)[0])
    stored = [field.name for field in fields.FIELDS if field.stored]
    assert {name: handed[name] for name in stored} == dataclasses.asdict(topic)
    assert "mo" in handed[fields.AUTOCOMPLETE_FIELD] and "help" in handed[fields.AUTOCOMPLETE_FIELD]
    section = document(id="p#a", kind="section", anchor="a", title="Help with money", heading="Your doctor")
    starts = index_fields(section, analysed(section)[0])[fields.AUTOCOMPLETE_FIELD]
    assert "doctor" in starts and "money" not in starts  # a section is suggested by its own heading


def test_snippets_come_from_the_highlighted_fields_only():
    assert fields.snippet_text(document(title="Title", summary="Short.", body="Longer text.")) == "Short. Longer text."
    assert fields.snippet_text(document(kind="section", heading="Heading", body="Text.")) == "Text."


def test_the_database_fallback_weights_fields_from_the_same_list(monkeypatch):
    groups = build_groups(parse("hospice"), Synonyms())
    in_title, in_body = document(title="Hospice"), document(body="Hospice")
    assert fallback._score(in_title, groups)[1] > fallback._score(in_body, groups)[1]
    body_first = tuple(dataclasses.replace(field, boost=10.0) if field.name == "body" else field
                       for field in fields.WEIGHTED)
    monkeypatch.setattr(fallback, "WEIGHTED", body_first)
    assert fallback._score(in_title, groups)[1] < fallback._score(in_body, groups)[1]


BUILDING_THE_INDEX = textwrap.dedent("""
    import sys
    import django
    django.setup()
    import mbcinfo.search.index
    import mbcinfo.search.management.commands.rebuild_index
    print(sorted(name for name in sys.modules if name.startswith("mbcinfo.search.")))
""")


def test_building_the_index_does_not_import_query_parsing():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MBCINFO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)})
    result = subprocess.run([sys.executable, "-c", BUILDING_THE_INDEX], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = result.stdout.strip()
    assert "'mbcinfo.search.index'" in loaded and "'mbcinfo.search.schema'" in loaded
    assert "'mbcinfo.search.query'" not in loaded, loaded
