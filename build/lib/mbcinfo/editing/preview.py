"""The live preview's renderer: the site's own, so the preview is the page (settings:
MARKDOWNX_MARKDOWNIFY_FUNCTION)."""
from mbcinfo.topics.rendering import render_body


def markdownify(content):
    """Markdown → the sanitised HTML a topic page shows for the same body."""
    return render_body(content).html
