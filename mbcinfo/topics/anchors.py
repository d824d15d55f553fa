"""Anchors that never break: a heading renamed, its old `#anchor` still lands on its section.

Every heading id a page has ever published is either one of its headings now or a kept anchor,
stored on the page ({old id: the id of the heading its content sits under now}). The page then
carries an empty element with the old id just before that heading, so a link to the old anchor
scrolls there without any script.

Where an old section's content went is decided by its text: the new section whose text is most
like it (a renamed heading keeps its words under it), or, when no section is much like it, the
section at the same place. "" stands for the top of the page (a page left without headings).
"""
import difflib
import html
import re

HEADING = re.compile(r'<h([23]) id="([^"]+)"')
TAG = re.compile(r"<[^>]+>")
# Below this a section is not "the same content": the old anchor goes to the section at its place.
SAME_CONTENT = 0.6


def heading_ids(body_html):
    return [match.group(2) for match in HEADING.finditer(body_html or "")]


def section_texts(body_html):
    """{heading id: the plain text from that heading to the next}, in page order."""
    body_html = body_html or ""
    matches = list(HEADING.finditer(body_html))
    texts = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body_html)
        texts[match.group(2)] = " ".join(html.unescape(TAG.sub(" ", body_html[match.start():end])).split())
    return texts


def _where_it_went(old_id, old_sections, new_sections):
    new_ids = list(new_sections)
    if not new_ids:
        return ""
    text = old_sections.get(old_id, "")
    best, best_ratio = None, 0.0
    for new_id, new_text in new_sections.items():
        ratio = difflib.SequenceMatcher(None, text, new_text, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = new_id, ratio
    if best is not None and best_ratio >= SAME_CONTENT:
        return best
    place = list(old_sections).index(old_id) if old_id in old_sections else 0
    return new_ids[min(place, len(new_ids) - 1)]


def kept_anchors(old_html, old_kept, new_html):
    """The kept anchors after a page's HTML goes from `old_html` (with `old_kept`) to `new_html`."""
    old_sections, new_sections = section_texts(old_html), section_texts(new_html)
    current = set(new_sections)
    kept = {}
    for old_id in old_sections:
        if old_id not in current:
            kept[old_id] = _where_it_went(old_id, old_sections, new_sections)
    for alias, target in (old_kept or {}).items():
        if alias in current or alias in kept:
            continue  # a heading has the id again: the heading answers it
        if target in current or (target == "" and not current):
            kept[alias] = target
        else:
            kept[alias] = kept.get(target, new_ids[0] if (new_ids := list(new_sections)) else "")
    return kept


def with_kept_anchors(body_html, kept):
    """`body_html` with an empty element for each kept anchor just before its heading."""
    if not kept:
        return body_html
    before = {}
    for alias, target in sorted(kept.items()):
        before.setdefault(target, []).append(f'<span id="{html.escape(alias)}" class="kept-anchor"></span>')
    top = "".join(before.pop("", []))

    def place(match):
        return "".join(before.get(match.group(2), [])) + match.group(0)

    return top + HEADING.sub(place, body_html)
