"""Grow the NIH corpus to N times its pages, the same way every time: a timing corpus.

    .venv/bin/python bench/grow_corpus.py 3 var/corpus-3x     # about 8,400 pages
    .venv/bin/python bench/grow_corpus.py 10 var/corpus-10x   # about 28,000 pages

The result times loading, indexing, searching and rendering at a larger size. It is NOT a
relevance corpus: its new pages mix sections of different conditions, so no search answer on
it is right or wrong. Every original page is kept as it is; each copy k (1 .. N-1) of a page:

- gets a new title and slug ("Understanding <title>", "Living with <title>", ...: one fixed
  prefix per copy number);
- keeps its own first section and takes each later section from another page of the same
  source (GHR, NINDS, ...), the page k*j places further on in that source's list (section j), with
  that page's name replaced by its own, so sections are shuffled between pages of one source;
- has its wording changed by a fixed rule: in every other paragraph (which ones depends on k),
  a fixed list of words is swapped for another word of the same sense ("people" for
  "individuals", "therapy" for "treatment", ...), so the copies do not index to the same terms
  with the same frequencies.

Nothing is random: the same corpus and N always write the same files. The output directory is
emptied first; keep it outside the repository (var/ is git-ignored).
"""
import argparse
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import CORPUS  # noqa: E402

PREFIXES = ["Understanding", "Living with", "Caring for someone with", "Questions about", "A guide to",
            "Families and", "Day to day with", "Support for", "Facts about", "Looking after",
            "Learning about", "Coping with"]
# A fixed rewording: each word (whole word, same case) becomes the other of its pair.
SWAPS = {
    "people": "individuals", "individuals": "people", "treatment": "therapy", "therapy": "treatment",
    "condition": "disorder", "disorder": "condition", "symptoms": "signs", "signs": "symptoms",
    "may": "might", "might": "may", "common": "frequent", "rare": "uncommon", "doctor": "physician",
    "doctors": "physicians", "affected": "involved", "usually": "typically", "often": "frequently",
    "help": "assist", "children": "kids", "problems": "difficulties", "cause": "lead to",
}
SWAP_PATTERN = re.compile(r"\b(" + "|".join(SWAPS) + r")\b", re.I)


def reword(paragraph):
    def swap(match):
        word = match.group(0)
        new = SWAPS[word.lower()]
        return new.capitalize() if word[0].isupper() else new
    return SWAP_PATTERN.sub(swap, paragraph)


def read_page(path):
    text = path.read_text()
    if not text.startswith("---\n"):
        return None
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    parts = re.split(r"^(?=## )", body, flags=re.M)
    return {"path": path, "meta": meta, "head": parts[0], "sections": parts[1:]}


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:180]


def copy_of(page, copy, group, position):
    meta = dict(page["meta"])
    title = f"{PREFIXES[copy - 1]} {meta['title']}"
    meta["title"] = title
    meta["slug"] = f"{slugify(PREFIXES[copy - 1])}-{meta['slug']}"[:200]
    meta.pop("synonyms", None)  # a synonym names one page; copies would claim it many times over
    sections = [page["sections"][0]] if page["sections"] else []
    for j in range(1, len(page["sections"])):
        donor = group[(position + copy * j) % len(group)]
        if len(donor["sections"]) > j:
            name = re.escape(donor["meta"]["title"])
            sections.append(re.sub(name, page["meta"]["title"], donor["sections"][j], flags=re.I))
        else:
            sections.append(page["sections"][j])
    body = page["head"].replace(f"# {page['meta']['title']}", f"# {title}", 1) + "".join(sections)
    paragraphs = body.split("\n\n")
    body = "\n\n".join(reword(p) if (i + copy) % 2 == 0 and not p.startswith("#") else p
                       for i, p in enumerate(paragraphs))
    meta["summary"] = reword(meta.get("summary", ""))
    return meta, body


def grow(corpus, factor, out):
    pages = [page for path in sorted(corpus.glob("*.md")) if (page := read_page(path))]
    by_source = {}
    for page in pages:
        by_source.setdefault(page["meta"].get("source", ""), []).append(page)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for path in corpus.glob("*.md"):
        shutil.copyfile(path, out / path.name)  # the originals (and the licence) as they are
    written = len(pages)
    for group in by_source.values():
        for position, page in enumerate(group):
            for copy in range(1, factor):
                meta, body = copy_of(page, copy, group, position)
                front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
                (out / f"{meta['slug']}.md").write_text(f"---\n{front}---\n{body}")
                written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("factor", type=int, choices=range(1, len(PREFIXES) + 2), metavar="FACTOR")
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if args.out.resolve().is_relative_to(ROOT) and not args.out.resolve().is_relative_to(ROOT / "var"):
        raise SystemExit(f"{args.out}: write outside the repository, or under var/ (git-ignored).")
    print(f"{grow(args.corpus, args.factor, args.out):,} pages written to {args.out}")


if __name__ == "__main__":
    main()
