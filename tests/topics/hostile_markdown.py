"""Page bodies shaped to make a Markdown renderer slow, each made to a given size in bytes.

The shapes of CommonMark's own pathological tests (cmark's test/pathological_tests.py) and the
ones an attack run on this site found, plus the features the site turns on (tables, footnotes,
strikethrough, heading ids). Used by tests/topics/test_render_limits.py (every way a body
comes in, at the size limit) and bench/render_worst.py (timings, at the limit and at 1 MB).
"""


def _repeat(unit, size, head="", tail=""):
    """`head`, then `unit` as many times as fits, then `tail`: at most `size` bytes."""
    room = size - len((head + tail).encode("utf-8"))
    return head + unit * max(0, room // len(unit.encode("utf-8"))) + tail


def _lines(make_line, size):
    """make_line(0), make_line(1), … for as long as they fit in `size` bytes."""
    lines, used, index = [], 0, 0
    while True:
        line = make_line(index)
        if used + len(line) > size:
            return "".join(lines)
        lines.append(line)
        used += len(line)
        index += 1


def _wide_table(size):
    columns = max(1, (size - 2) // 4)
    return "|" + "a|" * columns + "\n|" + "-|" * columns + "\n"


def _wide_long_table(size, columns=200):
    head = "|" + "a|" * columns + "\n|" + ":-:|" * columns + "\n"
    return _repeat("|" + "a|" * columns + "\n", size, head=head)


def _nested_brackets(size):
    half = (size - 1) // 2
    return "[" * half + "a" + "]" * half


def _nested_strong_emphasis(size):
    half = (size - 1) // 14
    return "*a **a " * half + "b" + " a** a*" * half


HOSTILE = {
    # Heading ids: each duplicate counted from 1 in the plugin the site used to use.
    "duplicate headings": lambda size: _repeat("## a\n\n", size),
    "duplicate h3 headings": lambda size: _repeat("### a\n\n", size),
    "numbered duplicate headings": lambda size: _lines(lambda i: f"## a-{i + 1}\n\n## a\n\n", size),
    "distinct headings": lambda size: _lines(lambda i: f"## h{i}\n\n", size),
    # Brackets and links.
    "open brackets": lambda size: _repeat("[", size),
    "nested brackets": _nested_brackets,
    "link openers with no closers": lambda size: _repeat("[a", size),
    "link closers with no openers": lambda size: _repeat("a]", size),
    "unclosed links": lambda size: _repeat("[a](b", size),
    "unclosed angle links": lambda size: _repeat("[a](<b", size),
    "pattern [ (](": lambda size: _repeat("[ (](", size),
    "pattern ![[]()": lambda size: _repeat("![[]()", size),
    "link openers and emphasis closers": lambda size: _repeat("[ a_", size),
    "links": lambda size: _repeat("[a](/b) ", size),
    "reference links": lambda size: _repeat("[a] ", size, tail="\n\n[a]: /b\n"),
    "link definitions": lambda size: _lines(lambda i: f"[l{i}]: /b\n", size),
    "images": lambda size: _repeat("![a](/b) ", size),
    "autolinks": lambda size: _repeat("<http://a.b> ", size),
    # Footnotes.
    "unclosed footnote references": lambda size: _repeat("[^", size),
    "footnote references": lambda size: _repeat("[^a]", size, tail="\n\n[^a]: b\n"),
    "footnote definitions": lambda size: _lines(lambda i: f"[^{i}]: b\n", size),
    # Emphasis.
    "asterisks": lambda size: _repeat("*", size),
    "emphasis openers with no closers": lambda size: _repeat("_a ", size),
    "emphasis closers with no openers": lambda size: _repeat("a_ ", size),
    "mismatched emphasis": lambda size: _repeat("*a_ ", size),
    "emphasis multiple of 3": lambda size: _repeat("c* ", size, head="a**b"),
    "nested strong emphasis": _nested_strong_emphasis,
    "strong runs": lambda size: _repeat("**a", size),
    "strikethrough runs": lambda size: _repeat("~~a", size),
    # Tables.
    "wide table": _wide_table,
    "long table": lambda size: _repeat("|a|b|\n", size, head="|a|b|\n|-|-|\n"),
    "wide and long aligned table": _wide_long_table,
    "table rows of pipes": lambda size: _repeat("|" * 60 + "\n", size, head="|a|b|\n|-|-|\n"),
    # Lists and nesting.
    "list items": lambda size: _repeat("- a\n", size),
    "ordered list items": lambda size: _repeat("1. a\n", size),
    "deeply nested list": lambda size: _lines(lambda i: "  " * i + "- a\n", size),
    "deeply nested ordered list": lambda size: _lines(lambda i: "   " * i + "1. a\n", size),
    "list items separated by blank lines": lambda size: _repeat("- a\n\n", size),
    "deep blockquote": lambda size: _repeat(">", size, tail=" a"),
    "blockquotes of growing depth": lambda size: _lines(lambda i: ">" * (i % 200 + 1) + " a\n", size),
    # Code, HTML-like text, entities, plain runs.
    "backtick runs": lambda size: _repeat("`", size),
    "backtick runs of growing length": lambda size: _lines(lambda i: "e" + "`" * (i + 1), size),
    "backtick pairs": lambda size: _repeat("`a``", size),
    "code fences": lambda size: _repeat("```\n", size),
    "html tags": lambda size: _repeat("<div>", size),
    "html openers": lambda size: _repeat("<a", size),
    "unclosed html comments": lambda size: _repeat("<!--", size, head="</"),
    "entities": lambda size: _repeat("&amp;", size),
    "numeric entities": lambda size: _repeat("&#123;", size),
    "backslash escapes": lambda size: _repeat("\\*", size),
    "long line": lambda size: _repeat("a", size),
    "long line of words": lambda size: _repeat("word ", size),
    "hard breaks": lambda size: _repeat("a  \n", size),
    "paragraphs": lambda size: _repeat("a\n\n", size),
    "setext headings": lambda size: _repeat("a\n=\n", size),
    "thematic breaks": lambda size: _repeat("---\n", size),
    "non-ASCII text": lambda size: _repeat("é ∑ 😀 ", size),
    # Shapes that reach more than one limit at once, with the dearest characters: the slowest
    # bodies the limits let through. A link or image destination is read a character at a time,
    # and each opener may read on through up to 32 more of them.
    "list items of unclosed footnotes": lambda size: _repeat("- [^[^" + "x" * 19 + "\n", size),
    "nested containers of unclosed footnotes": lambda size: _repeat("> 1. > - > [^" + "x" * 13 + "\n", size),
    "unclosed link destinations": lambda size: _repeat("[a](" + "x" * 24, size),
    "unclosed image destinations": lambda size: _repeat("![a](" + "x" * 200, size),
    "unclosed image destinations in quotes": lambda size: _repeat('![a](' + '"' * 200, size),
}


def largest_accepted(make, limit=None):
    """The largest body `make` gives that the renderer's limits accept, up to `limit` bytes."""
    from mbcinfo.topics.rendering import MAX_BODY_BYTES, refusal

    low, high = 0, limit or MAX_BODY_BYTES
    if refusal(make(high)) is None:
        return make(high)
    while high - low > 1:  # make(low) is accepted, make(high) is not
        middle = (low + high) // 2
        low, high = (middle, high) if refusal(make(middle)) is None else (low, middle)
    return make(low)


def at_the_limit(make):
    """[(label, body)]: the shape at the byte limit, and (when that is refused) the largest of it
    the limits accept."""
    from mbcinfo.topics.rendering import MAX_BODY_BYTES

    at_limit, accepted = make(MAX_BODY_BYTES), largest_accepted(make)
    return [("at the byte limit", at_limit)] + ([("largest accepted", accepted)] if accepted != at_limit else [])
