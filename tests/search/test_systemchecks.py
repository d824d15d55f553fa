"""`manage.py check` stops on a synonyms file that does not parse, and on an index directory
this user cannot write."""
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def check_fails(*texts):
    with pytest.raises(SystemCheckError) as failure:
        call_command("check")
    for text in texts:
        assert text in str(failure.value)


def test_the_shipped_synonyms_and_a_fresh_index_directory_pass(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "not-made-yet" / "index"  # the first build makes it
    call_command("check")


def test_a_synonyms_file_that_is_not_yaml_fails_the_check_with_its_line(settings, tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("- [hospice, palliative]\n- [trial, study\n- [bill, cost]\n")
    settings.SEARCH_SYNONYMS_FILE = path
    check_fails(f"(search.E001) {path}:3: not valid YAML")


def test_a_synonym_group_of_one_word_fails_the_check_with_its_line(settings, tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text("- [hospice, palliative]\n- [alone]\n")
    settings.SEARCH_SYNONYMS_FILE = path
    check_fails(f"{path}:2: each group must be a list of two or more")


def test_no_synonyms_file_is_not_an_error(settings, tmp_path):
    settings.SEARCH_SYNONYMS_FILE = tmp_path / "none.yaml"
    call_command("check")


def test_an_index_directory_under_a_file_fails_the_check(settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.SEARCH_INDEX_DIR = tmp_path / "a-file" / "index"
    check_fails(f"(search.E002) {tmp_path / 'a-file' / 'index'}: the search index directory cannot be written",
                "is not a directory")


def test_an_index_directory_without_write_permission_fails_the_check(settings, tmp_path, monkeypatch):
    import os

    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    (tmp_path / "index").mkdir()
    real_access = os.access
    # Tests may run as root, which may write anywhere: answer as the file system would for
    # an ordinary user on a read-only directory.
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(tmp_path / "index")
                        else real_access(path, mode))
    check_fails("is not writable")
