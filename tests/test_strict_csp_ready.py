"""Every page works under a strict Content-Security-Policy (style-src 'self'; script-src 'self'):
no inline style attribute or style element, and no inline script except JSON-LD data."""
import re

import pytest

from mbcinfo.topics.loader import load_directory
from mbcinfo.topics.models import Topic

pytestmark = pytest.mark.django_db


def test_no_page_has_inline_styles_or_scripts(client):
    assert load_directory().ok
    paths = ["/", "/glossary/", "/offline/", "/no-such-page/"]
    for topic in Topic.objects.live():
        paths += [topic.get_absolute_url(), f"{topic.get_absolute_url()}print/"]
    for path in paths:
        html = client.get(path).content.decode()
        assert not re.search(r"<[^>]+\sstyle=", html), path
        assert "<style" not in html, path
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            if 'type="application/ld+json"' in attributes:
                continue
            assert re.search(r'\ssrc="/static/[^"]+"', attributes) and not body.strip(), (path, attributes)
        assert not re.search(r"\son[a-z]+=", html), path
