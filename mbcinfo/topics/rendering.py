"""Markdown → safe HTML, plus the parts of a page other code needs (contents, sections, links).

markdown-it-py is CommonMark and linear-time (Python-Markdown took 11.7 s on "[" * 8000 here),
raw HTML in the source is not passed through at all, and nh3 cleans what markdown-it produces
with an allowlist, so a hostile file cannot put script, event handlers or javascript: links on a
page. Rendering happens once, when content is loaded, never per request.
"""
import functools
import itertools
import re
from dataclasses import dataclass, field

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "section", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id", "class"},
    "sup": {"class"},
    "section": {"class"},
    "ol": {"class", "start"},
    "hr": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Table cell alignment, as classes: the site's CSP (style-src 'self') blocks inline styles.
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_ATTRIBUTE_VALUES = {"th": {"class": ALIGN_CLASSES}, "td": {"class": ALIGN_CLASSES}}
# Ids a page that shows a body already uses, so a heading never takes one: the page's own
# (templates/base.html, topics/topic.html, includes/helpline.html, editing/preview_frame.html),
# and the header search box's list of suggestions and its options, which its script adds
# (js/search-autocomplete.js; the search app sends at most 8). A finite list, so a free id is
# always found. tests/topics/test_heading_ids.py reads the ids from the templates and the
# script, so a new one there fails a test until it is listed here.
RESERVED_IDS = frozenset(
    {"main", "contents-heading", "related-heading", "helpline-heading", "preview-body", "what-changed",
     "translation-outdated",
     "header-search-q", "header-search-q-suggestions"}
    | {f"header-search-q-suggestions-{number}" for number in range(20)})
HEADING_ID_LEVELS = ("h2", "h3")

# What a body may hold, checked before it is parsed, so that no text costs more than about a
# second to render (bench/render_worst.py). markdown-it-py passes a run of ordinary text in one
# step, but stops at each of the characters below (its inline "terminators", and the table's
# pipe) and tries every rule there; around a link or image bracket it may look at each of them
# again. So their number is what a render costs, with the number of lines (each one a pass
# through the block rules) and the bytes: a link or image address is read a character at a
# time, and each "![a](" may read on through the next 32 (about 6 µs a byte, the dearest
# shape). The largest of the 2,802 pages in the NIH corpus has 57 KB, 712 lines and 975 of
# these characters; this site's own pages have at most 3 KB.
MAX_BODY_BYTES = 96 * 1024
MAX_BODY_LINES = 5_000
MAX_FORMATTING_CHARACTERS = 10_000
FORMATTING_CHARACTERS = "!#$%&*+-:<=>@[\\]^_`{}~|"


def slugify_heading(text):
    """A heading's anchor: Django's slugify (ASCII, lower case, hyphens), never empty."""
    return slugify(text) or "section"


def _keep_attribute(tag, attribute, value):
    # Images only from this site: a picture from another origin would tell it who reads what.
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def _heading_ids(state):
    """Give each h2 and h3 an id from its text, unique on the page: "a", "a-1", "a-2", ….

    mdit_py_plugins' anchors plugin does the same, but it looks for a free suffix counting from
    1 for every duplicate: 24,000 headings "## a" took 55 s. Here each text remembers the next
    suffix to try, so the ids are the same and the work is linear. The page's own ids and the
    footnotes' are taken from the start."""
    taken = _taken_ids(len(state.env.get("footnotes", {}).get("list", {})))
    next_suffix = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in HEADING_ID_LEVELS:
            continue
        base = slugify_heading(_inline_text(tokens[index + 1], breaks=""))
        candidate, suffix = base, next_suffix.get(base, 1)
        while candidate in taken:
            candidate = f"{base}-{suffix}"
            suffix += 1
        next_suffix[base] = suffix
        taken.add(candidate)
        token.attrSet("id", candidate)


def _taken_ids(footnotes):
    """The ids no heading may take on a page with `footnotes` footnotes (fn1, fnref1, …)."""
    numbers = range(1, footnotes + 1)
    return set(RESERVED_IDS) | {f"fn{number}" for number in numbers} | {f"fnref{number}" for number in numbers}


def _alignment_classes(state):
    """markdown-it aligns table cells with style="text-align:…"; make that a class instead."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs.get("style"):
            align = token.attrs.pop("style").removeprefix("text-align:")
            token.attrSet("class", f"align-{align}")


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("alignment_classes", _alignment_classes)
    footnote_plugin(md)
    return md


_md = _parser()


@dataclass
class Section:
    anchor: str
    heading: str
    text: str = ""


@dataclass
class Link:
    href: str
    text: str
    line: int  # 1-based line within the body


@dataclass
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass
class Image:
    src: str
    alt: str
    line: int


@dataclass
class Paragraph:
    """The text of one paragraph or list item: what a reader reads as sentences."""

    text: str
    line: int


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)  # [{"id", "text"}] of the h2s
    sections: list = field(default_factory=list)  # [Section]; the first has anchor "" (intro)
    links: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    images: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)

    def stored(self):
        """The parts a Topic keeps, rendered once when its content changes."""
        # Copies: a Rendered may be shared (render_body remembers its last few).
        return {"body_html": self.html, "toc": [dict(item) for item in self.toc],
                "sections": [dict(vars(s)) for s in self.sections]}


def _inline_text(token, breaks=" "):
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(breaks)
    return "".join(parts)


def strip_leading_title(body):
    """Drop a first-line `# Heading`: the page title is the page's only h1."""
    lines = body.lstrip("\n").split("\n", 1)
    if lines and re.match(r"^#\s", lines[0]):
        return lines[1] if len(lines) > 1 else ""
    return body


def sanitize(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@dataclass(frozen=True)
class Refusal:
    """Why a body is not rendered: `message` says what to do, `line` (1-based, in the body) where."""

    message: str
    line: int = 1


def refusal(body):
    """A Refusal if `body` is too large or too heavily formatted to render quickly, else None."""
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        return Refusal(f"the page text is {size:,} bytes; the limit is {MAX_BODY_BYTES:,} "
                       f"({MAX_BODY_BYTES // 1024} KB). Split it into smaller pages.")
    # Counted as markdown-it counts them: a lone \r ends a line too.
    lines = body.count("\n") + body.count("\r") - body.count("\r\n") + 1
    if lines > MAX_BODY_LINES:
        return Refusal(f"the page text has {lines:,} lines; the limit is {MAX_BODY_LINES:,}. "
                       "Split it into smaller pages.", MAX_BODY_LINES + 1)
    formatting = sum(map(body.count, FORMATTING_CHARACTERS))
    if formatting > MAX_FORMATTING_CHARACTERS:
        over = itertools.islice(re.finditer(f"[{re.escape(FORMATTING_CHARACTERS)}]", body),
                                MAX_FORMATTING_CHARACTERS, None)
        line = body.count("\n", 0, next(over).start()) + 1
        return Refusal(f"the page text has {formatting:,} formatting characters "
                       f"({' '.join(FORMATTING_CHARACTERS)}); the limit is "
                       f"{MAX_FORMATTING_CHARACTERS:,}, passed on this line. Split it into smaller "
                       "pages, or use less formatting.", line)
    return None


def refusal_text(refused):
    """A Refusal as a sentence for the admin and the preview, which have no file:line."""
    text = refused.message[0].upper() + refused.message[1:]
    return f"Line {refused.line:,}: {refused.message}" if refused.line > 1 else text


@functools.lru_cache(maxsize=4)
def render_body(body):
    """Render a stored page body: a leading `# Title` is dropped, and line numbers in the result
    still count from the body's first line. Loader, admin and live preview all render this way.

    The last few results are remembered, and shared: read them, never change them. An admin
    save renders its text twice (the link check, then the stored HTML), and the change page
    shown after it renders it again for the page checks."""
    stripped = strip_leading_title(body)
    return render_markdown(stripped, line_offset=body.count("\n") - stripped.count("\n"))


def render_markdown(body, line_offset=0):
    """Render Markdown. Line numbers in the result count from its first line, plus `line_offset`."""
    tokens = _md.parse(body)
    result = Rendered(html=sanitize(_md.renderer.render(tokens, _md.options, {})))
    current = Section(anchor="", heading="")
    result.sections.append(current)
    texts = {id(current): []}  # a section's lines, joined once at the end: joining as we go was quadratic
    pending_heading = None
    previous = None
    for token in tokens:
        opened, previous = previous, token
        if token.type == "heading_open":
            pending_heading = token
            continue
        if token.type != "inline":
            continue
        line = (token.map[0] + 1 if token.map else 1) + line_offset
        text = _inline_text(token)
        if opened is not None and opened.type == "paragraph_open":
            result.paragraphs.append(Paragraph(text, line))
        if pending_heading is not None:
            level = int(pending_heading.tag[1])
            anchor = pending_heading.attrGet("id") or ""
            result.headings.append(Heading(level, text, anchor, line))
            if level == 2:
                result.toc.append({"id": anchor, "text": text})
                current = Section(anchor=anchor, heading=text)
                result.sections.append(current)
                texts[id(current)] = []
            else:
                texts[id(current)].append(text)
            pending_heading = None
        else:
            texts[id(current)].append(text)
        _collect_links(token, line, result)
    for section in result.sections:
        section.text = _joined_lines(texts[id(section)])
    if not result.sections[0].text:
        result.sections.pop(0)
    return result


def _joined_lines(lines):
    """Lines joined by newlines, blank ones left out, without the outer whitespace."""
    kept = [line for line in lines if line.strip()]
    return "\n".join([kept[0].strip()] + [line.rstrip() for line in kept[1:]]) if kept else ""


def _collect_links(token, line, result):
    children = token.children or []
    link = None  # (href, its text so far) while inside a link
    for child in children:
        if child.type == "link_open":
            link = (child.attrGet("href") or "", [])
        elif child.type == "link_close" and link is not None:
            result.links.append(Link(link[0], "".join(link[1]), line))
            link = None
        elif link is not None and child.type in ("text", "code_inline"):
            link[1].append(child.content)
        elif child.type == "image":
            result.images.append(Image(child.attrGet("src") or "", child.content, line))
