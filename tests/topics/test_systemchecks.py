"""`manage.py check` stops on a broken content file the site reads at run time, naming its line."""
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError


@pytest.fixture
def content(tmp_path, settings):
    directory = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, directory)
    settings.CONTENT_DIR = directory
    return directory


def check_fails(*lines):
    with pytest.raises(SystemCheckError) as failure:
        call_command("check")
    for line in lines:
        assert line in str(failure.value)
    return str(failure.value)


def test_the_shipped_content_passes_the_checks(content):
    call_command("check")  # raises SystemCheckError on any error


def test_a_site_yaml_that_is_not_yaml_fails_the_check_with_its_line(content):
    (content / "site.yaml").write_text('site_name: MBC Info\ntagline: "unclosed\nhelpline:\n  name: x\n')
    check_fails(f"(topics.E002) {content / 'site.yaml'}:", "not valid YAML")


def test_a_site_yaml_missing_a_field_fails_the_check(content):
    text = (content / "site.yaml").read_text()
    (content / "site.yaml").write_text("\n".join(line for line in text.splitlines() if not line.startswith("disclaimer")))
    check_fails(f"{content / 'site.yaml'}:1: missing disclaimer")


def test_a_missing_site_yaml_fails_the_check(content):
    (content / "site.yaml").unlink()
    check_fails(f"{content / 'site.yaml'}: cannot be read")


def test_a_glossary_entry_missing_a_field_fails_the_check_with_its_line(content):
    glossary = content / "glossary.yaml"
    lines = glossary.read_text().splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.lstrip().startswith("definition:"))
    entry_line = max(n for n in range(number) if lines[n].startswith("- "))
    glossary.write_text("".join(lines[:number] + lines[number + 1:]))
    check_fails(f"(topics.E003) {glossary}:{entry_line + 1}: entry is missing 'definition'.")


def test_a_glossary_that_is_not_yaml_fails_the_check_with_its_line(content):
    (content / "glossary.yaml").write_text("- term: One\n  slug: one\n  definition: [unclosed\n")
    check_fails(f"{content / 'glossary.yaml'}:", "is not valid YAML")


def test_a_missing_content_directory_fails_the_check(settings, tmp_path):
    settings.CONTENT_DIR = tmp_path / "nowhere"
    check_fails(f"(topics.E001) {tmp_path / 'nowhere'}: the content directory does not exist")


def test_every_page_answers_500_with_the_broken_site_yaml_the_check_catches(content, client, db):
    """Why the check matters: the broken file is not a lint, it takes the site down."""
    from mbcinfo.topics.site import SiteFactsError, site_facts

    (content / "site.yaml").write_text("site_name: [unclosed\n")
    site_facts.cache_clear()
    try:
        with pytest.raises(SiteFactsError):
            client.get("/")
    finally:
        site_facts.cache_clear()
    check_fails("site.yaml:")
