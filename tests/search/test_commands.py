from io import StringIO

import pytest
from django.core.management import call_command

from mbcinfo.search import index

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("rebuild_index", *args, stdout=out)
    return out.getvalue()


def test_rebuild_index_reports_what_it_built(site_content):
    output = run()
    assert "Search index rebuilt: 11 topics" in output and "content generation 1" in output
    assert index.index_status()["up_to_date"]


def test_if_stale_skips_an_index_that_is_up_to_date(site_content):
    run()
    before = (index.index_root() / "CURRENT").read_text()
    assert "up to date" in run("--if-stale")
    assert (index.index_root() / "CURRENT").read_text() == before
