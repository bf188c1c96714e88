"""Uploaded documents and spreadsheet imports are limited in kind and size."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cai.uploads import validate_document
from tests.accounts.logins import page_text

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def refusal(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_document(SimpleUploadedFile(name, content))
    return caught.value


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("compte-rendu.pdf", PDF),
        ("affiche.png", PNG),
        ("photo.JPG", JPEG),
        ("photo.jpeg", JPEG),
        ("memorandum.docx", ZIP),
        ("budget.xlsx", ZIP),
        ("presentation.odp", ZIP),
        ("pv.odt", ZIP),
        ("ancien.doc", OLE),
        ("tableau.xls", OLE),
        ("presences.csv", "commune;personnes\nNamur;12\n".encode("cp1252")),
        ("notes.txt", "Réunion du 3 mars".encode()),
    ],
)
def test_documents_of_the_allowed_kinds_pass(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize("name", ["page.html", "script.js", "image.svg", "programme.exe", "pv"])
def test_other_kinds_are_refused_in_french(name):
    error = refusal(name, b"anything")
    assert error.code == "invalid_extension"
    assert "ne sont pas acceptés" in error.message
    assert "pdf" in error.params["allowed"]


def test_an_html_page_renamed_pdf_is_refused():
    error = refusal("rapport.pdf", HTML)
    assert error.code == "content_mismatch"
    assert error.params == {"extension": "pdf"}
    assert "n'est pas un vrai fichier" in error.message


@pytest.mark.parametrize("name", ["photo.png", "photo.jpg", "pv.docx", "pv.odt", "pv.doc"])
def test_a_file_whose_first_bytes_do_not_match_its_extension_is_refused(name):
    assert refusal(name, PDF).code == "content_mismatch"


def test_a_file_above_the_limit_is_refused_with_both_sizes(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    error = refusal("compte-rendu.pdf", PDF + b"x" * 3000)
    assert error.code == "file_too_large"
    assert error.params == {"size": "3,0\xa0Kio", "limit": "1,0\xa0Kio"}
    assert "un document peut peser 1,0\xa0Kio au plus" in error.message % error.params
    validate_document(SimpleUploadedFile("compte-rendu.pdf", PDF + b"x" * 1000))


def test_the_default_limit_is_ten_megabytes(settings):
    assert settings.UPLOAD_MAX_BYTES == 10 * 1024 * 1024


# --- the spreadsheet import of the admin ----------------------------------------------------

IMPORT = "/admin/plans/action/import/"


def post_import(client, name, content):
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"resource": "0", "format": "0", "import_file": upload})


@pytest.mark.django_db
def test_the_import_refuses_a_file_that_is_not_csv_or_xlsx(coordinator_client):
    response = post_import(coordinator_client, "actions.pdf", PDF)
    assert response.status_code == 200
    assert "Seuls les fichiers csv, xlsx peuvent être importés, pas « .pdf »" in page_text(response)


@pytest.mark.django_db
def test_the_import_refuses_a_file_above_its_limit(coordinator_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = post_import(coordinator_client, "actions.csv", b"plan;code\n" + b"x;y\n" * 50)
    assert response.status_code == 200
    assert "un import peut peser 100\xa0octets au plus" in page_text(response)
