"""Partner lists in and out of the admin, as Belgian PCs write them."""

import pytest
from django.contrib.auth.models import Permission

from cai.models import Organisation
from tests.factory import make_commune, make_organisation, make_user
from tests.spreadsheets import (
    XLSX_FORMAT,
    admin_url,
    csv_file,
    csv_rows,
    export,
    import_file,
    page_text,
    preview,
    problems,
    xlsx_file,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

HEADER = ["code", "nom", "sigle", "type", "communes", "active"]


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Files wait for their confirmation in the media storage: keep them out of the project."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def namur(db):
    return make_commune(nis_code="92094", name="Namur")


@pytest.fixture
def exporter(client):
    """A staff member who may look at partners and export them, not import them."""
    user = make_user(is_staff=True)
    user.user_permissions.add(*permissions("view_organisation", "export_organisation"))
    client.force_login(user)
    return client


@pytest.fixture
def importer(client):
    """A staff member who may look at partners and import them, not export them."""
    user = make_user(is_staff=True)
    user.user_permissions.add(*permissions("view_organisation", "import_organisation"))
    client.force_login(user)
    return client


def permissions(*codenames):
    return Permission.objects.filter(codename__in=codenames)


def partner_rows(*rows):
    return [HEADER, *rows]


# --- Files as they come -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ";"), ("utf-8-sig", ","), ("utf-8", ",")],
)
def test_a_csv_file_imports_whatever_its_encoding_and_separator(
    coordinator_client, namur, encoding, delimiter
):
    content = csv_file(
        partner_rows(
            [
                "mrax",
                "Mouvement contre le racisme, l'antisémitisme et la xénophobie",
                "MRAX",
                "host_association",
                "92094",
                "oui",
            ]
        ),
        delimiter=delimiter,
        encoding=encoding,
    )
    response = import_file(coordinator_client, Organisation, content)
    assert response.status_code == 302
    organisation = Organisation.objects.get(code="mrax")
    assert organisation.name == "Mouvement contre le racisme, l'antisémitisme et la xénophobie"
    assert list(organisation.communes.all()) == [namur]


def test_an_xlsx_workbook_imports_its_first_sheet_even_when_another_was_open(
    coordinator_client, namur
):
    content = xlsx_file(
        partner_rows(
            [
                "cripel",
                "Centre régional de Liège",
                "",
                "Centre régional d'intégration (CRI)",
                92094,
                "x",
            ]
        ),
        active_sheet="Dictionnaire",
    )
    response = import_file(
        coordinator_client, Organisation, content, "partenaires.xlsx", XLSX_FORMAT
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(code="cripel")
    assert (organisation.name, organisation.kind) == ("Centre régional de Liège", "cri")
    assert list(organisation.communes.all()) == [namur]


def test_the_preview_says_what_will_be_created_and_changed_and_writes_nothing(
    coordinator_client, namur
):
    make_organisation(code="clps", name="CLPS")
    content = csv_file(
        partner_rows(
            ["clps", "Centre local de promotion de la santé", "CLPS", "health_promotion", "", ""],
            ["gaby", "Gaby asbl", "", "immigrant_association", "92094", "non"],
        )
    )
    response = preview(coordinator_client, Organisation, content)
    text = page_text(response)
    assert "1 ligne(s) à créer, 1 à modifier, 0 inchangée(s)." in text
    assert "Nouveau" in text and "Mettre à jour" in text
    assert Organisation.objects.get(code="clps").name == "CLPS"
    assert not Organisation.objects.filter(code="gaby").exists()


# --- Files with mistakes ------------------------------------------------------------------


def test_an_unknown_commune_is_an_error_at_its_line_and_column_and_nothing_is_written(
    coordinator_client, namur
):
    content = csv_file(
        partner_rows(
            ["gaby", "Gaby asbl", "", "immigrant_association", "92094", ""],
            ["sima", "SIMA", "", "ili", "92094, 99999", ""],
        )
    )
    response = preview(coordinator_client, Organisation, content)
    assert problems(response) == ["Ligne 3, colonne « communes » : commune inconnue : 99999"]
    assert "Confirmer l’importation" not in page_text(response)
    assert Organisation.objects.count() == 0


def test_two_lines_with_the_same_code_are_refused(coordinator_client, namur):
    content = csv_file(
        partner_rows(
            ["gaby", "Gaby asbl", "", "immigrant_association", "", ""],
            ["gaby", "Gaby", "", "immigrant_association", "", ""],
        )
    )
    response = preview(coordinator_client, Organisation, content)
    assert problems(response) == ["Ligne 3 : cette ligne répète la clé « gaby » de la ligne 2."]
    assert Organisation.objects.count() == 0


def test_a_misspelt_column_stops_the_file_before_any_line(coordinator_client):
    content = csv_file([["code", "nom", "Commune"], ["gaby", "Gaby asbl", "92094"]])
    [problem] = problems(preview(coordinator_client, Organisation, content))
    assert problem.startswith("Ligne 1 (en-têtes) : colonnes inconnues : « Commune ».")
    assert Organisation.objects.count() == 0


def test_an_unknown_kind_lists_the_possible_values(coordinator_client):
    content = csv_file(partner_rows(["gaby", "Gaby asbl", "", "asbl", "", ""]))
    [problem] = problems(preview(coordinator_client, Organisation, content))
    assert problem.startswith(
        "Ligne 2, colonne « type » : valeur inconnue : asbl (valeurs possibles : "
    )


def test_a_file_that_is_no_spreadsheet_is_refused_in_french(coordinator_client):
    response = preview(coordinator_client, Organisation, b"PK\x03\x04broken", "x.xlsx", XLSX_FORMAT)
    assert "Ce fichier n'est pas un classeur Excel (XLSX) lisible." in page_text(response)


# --- Exports and the round trip -------------------------------------------------------------


def test_the_csv_export_has_a_byte_order_mark_semicolons_and_neutralised_formulas(
    coordinator_client, namur
):
    organisation = make_organisation(code="cai", name='=HYPERLINK("http://x")', acronym="@CAI")
    organisation.communes.add(namur)
    response = export(coordinator_client, Organisation, "0")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeffcode;nom;sigle;type;".encode())
    _header, row = csv_rows(response.content)
    assert row[:5] == ["cai", '\'=HYPERLINK("http://x")', "'@CAI", "host_association", "92094"]


def test_a_comma_variant_of_the_csv_export_is_offered(coordinator_client):
    make_organisation(code="cai", name="CAI, Namur")
    response = export(coordinator_client, Organisation, "1")
    assert response.content.decode("utf-8-sig").splitlines()[1].startswith('cai,"CAI, Namur",')


def test_the_xlsx_export_neutralises_formulas_and_adds_the_dictionary(coordinator_client):
    make_organisation(code="cai", name="+32 81 73 17 16", acronym="-")
    content = export(coordinator_client, Organisation, "2").content
    assert xlsx_rows(content)[1][:3] == ["cai", "'+32 81 73 17 16", "'-"]
    dictionary = xlsx_rows(content, sheet=1)
    assert dictionary[0] == ["colonne", "signification"]
    assert [row[0] for row in dictionary[1:]] == xlsx_rows(content)[0]


def test_the_dictionary_of_a_csv_export_is_its_own_download(coordinator_client):
    response = coordinator_client.get(admin_url(Organisation, "dictionary"))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "colonne;signification"
    assert lines[4].startswith("type;Type d'organisation. Valeurs : immigrant_association")


def test_an_exported_csv_edited_in_windows_1252_updates_the_same_rows(coordinator_client, namur):
    for n in range(3):
        make_organisation(code=f"org-{n}", name=f"Organisation {n}").communes.add(namur)
    header, *rows = csv_rows(export(coordinator_client, Organisation, "0").content)
    rows[1][1] = "Société d'accueil — Éghezée"
    response = import_file(
        coordinator_client, Organisation, csv_file([header, *rows], encoding="cp1252")
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(code="org-1").name == "Société d'accueil — Éghezée"
    assert list(Organisation.objects.get(code="org-1").communes.all()) == [namur]


def test_an_exported_workbook_edited_updates_the_same_rows(coordinator_client, namur):
    for n in range(3):
        make_organisation(code=f"org-{n}", name=f"Organisation {n}", is_active=n != 2)
    header, *rows = xlsx_rows(export(coordinator_client, Organisation, "2").content)
    rows[2][header.index("active")] = "oui"
    response = import_file(
        coordinator_client, Organisation, xlsx_file([header, *rows]), "export.xlsx", XLSX_FORMAT
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    assert Organisation.objects.filter(is_active=True).count() == 3


# --- Who may do what ----------------------------------------------------------------------


def test_a_staff_member_allowed_to_export_cannot_import(exporter):
    assert exporter.get(admin_url(Organisation, "export")).status_code == 200
    assert exporter.get(admin_url(Organisation, "dictionary")).status_code == 200
    assert exporter.get(admin_url(Organisation, "import")).status_code == 403
    content = csv_file(partner_rows(["gaby", "Gaby asbl", "", "ili", "", ""]))
    assert preview(exporter, Organisation, content).status_code == 403
    assert not Organisation.objects.exists()


def test_a_staff_member_allowed_to_import_cannot_export(importer):
    assert importer.get(admin_url(Organisation, "import")).status_code == 200
    assert importer.get(admin_url(Organisation, "export")).status_code == 403
    assert export(importer, Organisation, "0").status_code == 403


def test_the_list_offers_only_what_the_staff_member_may_do(exporter):
    text = page_text(exporter.get(admin_url(Organisation, "changelist")))
    assert "Exporter" in text
    assert admin_url(Organisation, "import") not in text


def test_the_import_and_export_pages_speak_french(coordinator_client):
    import_page = page_text(coordinator_client.get(admin_url(Organisation, "import")))
    assert "Fichier à importer" in import_page
    assert "Chaque ligne est reconnue par : code." in import_page
    export_page = page_text(coordinator_client.get(admin_url(Organisation, "export")))
    assert "Télécharger le dictionnaire des colonnes (CSV)" in export_page
    assert "Cet exportateur va exporter les champs suivants" in export_page
