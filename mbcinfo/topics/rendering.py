"""Markdown → safe HTML, plus the parts of a page other code needs (contents, sections, links).

markdown-it-py is CommonMark and linear-time (Python-Markdown took 11.7 s on "[" * 8000 here),
raw HTML in the source is not passed through at all, and nh3 cleans what markdown-it produces
with an allowlist, so a hostile file cannot put script, event handlers or javascript: links on a
page. Rendering happens once, when content is loaded, never per request.
"""
import re
from dataclasses import dataclass, field

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
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
    "th": {"style"},
    "td": {"style"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Table cell alignment is the only inline style markdown-it writes; keep nothing else.
CELL_STYLE = re.compile(r"^text-align:(left|right|center)$")


def slugify_heading(text):
    """A heading's anchor: Django's slugify (ASCII, lower case, hyphens), never empty."""
    return slugify(text) or "section"


def _keep_attribute(tag, attribute, value):
    # Images only from this site: a picture from another origin would tell it who reads what.
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    if attribute == "style" and not CELL_STYLE.match(value.replace(" ", "")):
        return None
    return value


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    anchors_plugin(md, min_level=2, max_level=3, slug_func=slugify_heading)
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
        return {"body_html": self.html, "toc": self.toc, "sections": [vars(s) for s in self.sections]}


def _inline_text(token):
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
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
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_body(body):
    """Render a stored page body: a leading `# Title` is dropped, and line numbers in the result
    still count from the body's first line. Loader, admin and live preview all render this way."""
    stripped = strip_leading_title(body)
    return render_markdown(stripped, line_offset=body.count("\n") - stripped.count("\n"))


def render_markdown(body, line_offset=0):
    """Render Markdown. Line numbers in the result count from its first line, plus `line_offset`."""
    tokens = _md.parse(body)
    result = Rendered(html=sanitize(_md.renderer.render(tokens, _md.options, {})))
    current = Section(anchor="", heading="")
    result.sections.append(current)
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
            else:
                current.text = f"{current.text}\n{text}".strip()
            pending_heading = None
        else:
            current.text = f"{current.text}\n{text}".strip()
        _collect_links(token, line, result)
    if not result.sections[0].text:
        result.sections.pop(0)
    return result


def _collect_links(token, line, result):
    children = token.children or []
    for index, child in enumerate(children):
        if child.type == "link_open":
            text = []
            for follower in children[index + 1:]:
                if follower.type == "link_close":
                    break
                if follower.type in ("text", "code_inline"):
                    text.append(follower.content)
            result.links.append(Link(child.attrGet("href") or "", "".join(text), line))
        elif child.type == "image":
            result.images.append(Image(child.attrGet("src") or "", child.content, line))
