"""The error pages the project package holds (mbcinfo/errorpages.py): 404, 500 and the outage 503."""
from mbcinfo import urls


def test_django_is_given_the_project_packages_error_handlers():
    assert urls.handler404 == "mbcinfo.errorpages.page_not_found"
    assert urls.handler500 == "mbcinfo.errorpages.server_error"


def test_server_error_page_needs_no_database_and_shows_the_helpline(rf):
    from mbcinfo.errorpages import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html and "tel:+18774656636" in html
