import pytest

from mbcinfo.topics.loader import load_directory


@pytest.fixture
def site_content(db):
    report = load_directory()
    assert report.ok, [str(p) for p in report.problems]
    return report
