"""The interface speaks French first, with English available.

The source strings are written in French, so the French catalogue translates each text by
itself; what matters is that no text is missing from either catalogue.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_text_is_translated_in_the_catalogue(language):
    missing = [
        entry.msgid
        for entry in catalogue(language)
        if not entry.translated() or "fuzzy" in entry.flags
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_compiled_catalogue_matches_its_source(language):
    source = {entry.msgid: entry.msgstr for entry in catalogue(language) if not entry.msgid_plural}
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert {entry.msgid: entry.msgstr for entry in compiled if not entry.msgid_plural} == source


def test_english_is_available_for_a_domain_text():
    with translation.override("en"):
        assert translation.gettext("Plans d'intégration") != "Plans d'intégration"


def test_the_catalogue_holds_every_text_marked_in_the_code(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is needed in CI to check the catalogue.")
        pytest.skip("GNU gettext is not installed: cannot extract the texts from the code.")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "tests", "*.sqlite3", "media", "locale"),
    )
    (copy / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"},
    )
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in catalogue("fr")}
    assert sorted(entry.msgid for entry in extracted if entry.msgid not in known) == []
