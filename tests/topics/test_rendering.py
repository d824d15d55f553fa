from mbcinfo.topics.rendering import render_markdown, strip_leading_title


def test_script_tags_are_never_rendered_as_html():
    html = render_markdown("Hello <script>alert(1)</script>\n\n<script>alert(2)</script>\n").html
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_javascript_and_data_links_lose_their_href():
    html = render_markdown("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x)\n").html
    assert 'href="javascript' not in html.lower()
    assert 'href="data:' not in html


def test_event_handlers_are_removed():
    html = render_markdown('<img src=x onerror=alert(1)>\n\n<a href="/" onclick="x()">y</a>\n').html
    assert "<img" not in html and "<a href" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_images_from_other_sites_are_dropped_but_local_images_kept():
    html = render_markdown("![x](https://tracker.example/p.gif) ![y](/media/ok.png)\n").html
    assert "tracker.example" not in html
    assert 'src="/media/ok.png"' in html


def test_headings_get_anchors_and_sections_split_on_h2():
    rendered = render_markdown("Intro.\n\n## What it is\n\nText one.\n\n### Detail\n\nMore.\n\n## Next part\n\nText two.\n")
    assert '<h2 id="what-it-is">What it is</h2>' in rendered.html
    assert rendered.toc == [{"id": "what-it-is", "text": "What it is"}, {"id": "next-part", "text": "Next part"}]
    assert [s.anchor for s in rendered.sections] == ["", "what-it-is", "next-part"]
    assert "Detail" in rendered.sections[1].text and "More." in rendered.sections[1].text


def test_tables_render():
    assert "<table>" in render_markdown("|a|b|\n|-|-|\n|1|2|\n").html


def test_deeply_nested_brackets_render_quickly_and_safely():
    rendered = render_markdown("[" * 8000)
    assert rendered.html.startswith("<p>[")


def test_leading_title_heading_is_dropped_so_the_page_keeps_one_h1():
    assert strip_leading_title("# Title\n\n## Part\n") == "\n## Part\n"
    assert strip_leading_title("## Part\n") == "## Part\n"
