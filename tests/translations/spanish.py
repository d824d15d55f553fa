"""A tiny Spanish translation for tests: one page of the conftest's `content_dir` ("first"),
its glossary entry and the site facts, written the way content/es/ holds them."""
from tests.pages import VALID_FRONT

from mbcinfo.topics.models import text_hash

SPANISH_BODY = "## Primera parte\n\nUn texto breve. Vea [la otra página](/es/temas/primero/).\n"
GLOSSARY = """\
- term: palliative care
  slug: palliative-care
  definition: Care for comfort.
  from_source: Palliative care focuses on comfort.
  matches:
  - palliative care
"""
SPANISH_GLOSSARY = """\
- term: cuidados paliativos
  slug: cuidados-paliativos
  definition: Cuidados para la comodidad.
  from_source: Palliative care focuses on comfort.
  matches:
  - cuidados paliativos
  translation_of: palliative-care
"""
SITE = """\
site_name: MBC Info
tagline: Información clara
description: Una guía.
helpline:
  name: Línea de ayuda
  display: 1-877 GO KOMEN (1-877-465-6636)
  number: "+18774656636"
disclaimer: Esta información no sustituye a su equipo de atención médica.
"""


def english_hash(directory, slug):
    """The text hash of the English file `slug` as the loader will store it."""
    from mbcinfo.topics.frontmatter import parse

    source = parse(slug, (directory / f"{slug}.md").read_bytes())
    return text_hash(source.meta["title"], source.meta["summary"], source.body)


def spanish_page(slug, translation_of, translated_from, title="Primero", related="[]", body=SPANISH_BODY,
                 extra_front=None):
    front = VALID_FRONT.format(title=title, slug=slug, order=10, related=related).replace(
        "A short summary.", "Un resumen breve.")
    if extra_front is None:
        extra_front = f"translation_of: {translation_of}\ntranslated_from: {translated_from}\n"
    return f"---\n{front}{extra_front}---\n\n{body}"


def add_spanish(directory, slug="primero", translation_of="first", translated_from=None, **options):
    """content/es/ with one Spanish page translating `translation_of` (pinned to its current text
    unless `translated_from` is given), a Spanish glossary entry and Spanish site facts."""
    spanish = directory / "es"
    spanish.mkdir(exist_ok=True)
    (directory / "glossary.yaml").write_text(GLOSSARY)
    (spanish / "glossary.yaml").write_text(SPANISH_GLOSSARY)
    (spanish / "site.yaml").write_text(SITE)
    pinned = translated_from or english_hash(directory, translation_of)
    (spanish / f"{slug}.md").write_text(spanish_page(slug, translation_of, pinned, **options))
    return spanish
