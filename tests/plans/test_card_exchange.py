"""The CAI's history cards in and out of the admin: one card a line, the classifications one
column each with their labels separated by ";", the sources in their own table (the second
sheet), all or nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from plans.models import Milestone, MilestoneSource
from plans.resources import CardResource, MilestoneSourceResource
from tests.factory import make_milestone, make_plan
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

SEED_TITLE = (
    "Faciliter l’accès aux droits fondamentaux et le vivre-ensemble : "
    "la mise en place du plan local d’intégration"
)
CARD_HEADER = [field.column_name for field in CardResource().get_import_fields()]


@pytest.fixture
def history(db):
    call_command("loaddata", "reference", "history", verbosity=0)


def card_state():
    """Every card and source as the database holds them, to compare before and after."""
    cards = {
        milestone.slug: (
            milestone.card_number,
            milestone.occurred_on,
            milestone.precision,
            milestone.title,
            milestone.narrative,
            milestone.in_brief,
            milestone.is_published,
            sorted(milestone.plans.values_list("code", flat=True)),
            sorted(milestone.audiences.values_list("slug", flat=True)),
            sorted(milestone.intervention_axes.values_list("slug", flat=True)),
            sorted(milestone.target_publics.values_list("slug", flat=True)),
            sorted(milestone.themes.values_list("slug", flat=True)),
            list(milestone.declared_acronyms.values_list("acronym__acronym", "expansion")),
        )
        for milestone in Milestone.objects.all()
    }
    sources = list(
        MilestoneSource.objects.values_list(
            "milestone__slug", "position", "kind", "reference", "pages", "note", "url"
        )
    )
    return cards, sources


def test_an_exported_card_sheet_edited_in_one_cell_changes_only_that_cell(
    coordinator_client, history
):
    before_cards, before_sources = card_state()
    header, *rows = csv_rows(export(coordinator_client, Milestone, "0").content)
    assert header == CARD_HEADER
    seed = next(row for row in rows if row[header.index("titre")] == SEED_TITLE)
    assert seed[header.index("publics ciblés")] == (
        "Administrateurs; Équipe; Associatif société d'accueil; ILDS / ILI; Services publics; "
        "Citoyens société d'accueil; Personnes étrangères; Personnes d'origine étrangère"
    )
    seed[header.index("thématiques")] += "; Genre"
    content = csv_file([header, *rows], encoding="cp1252")

    assert f"1 à modifier, {len(rows) - 1} inchangée(s)" in page_text(
        preview(coordinator_client, Milestone, content)
    )
    assert import_file(coordinator_client, Milestone, content).status_code == 302

    after_cards, after_sources = card_state()
    slug = Milestone.objects.get(title=SEED_TITLE).slug
    assert "genre" in after_cards[slug][11]
    after_cards[slug][11].remove("genre")
    assert after_cards == before_cards
    assert after_sources == before_sources


def test_an_exported_workbook_of_sources_edited_in_one_cell_changes_only_that_source(
    coordinator_client, history
):
    before_cards, before_sources = card_state()
    header, *rows = xlsx_rows(export(coordinator_client, MilestoneSource, "2").content)
    assert header == [f.column_name for f in MilestoneSourceResource().get_import_fields()]
    assert [row[header.index("référence")] for row in rows][-3:] == [
        "RA 2008",
        "RA 2009",
        "RA 2010",
    ]
    rows[-1][header.index("pages")] = "p 23-27"
    content = xlsx_file([header, *rows])
    response = import_file(coordinator_client, MilestoneSource, content, "s.xlsx", XLSX_FORMAT)
    assert response.status_code == 302

    after_cards, after_sources = card_state()
    assert after_cards == before_cards
    assert after_sources[:-1] == before_sources[:-1]
    assert after_sources[-1][4] == "p 23-27"


def test_a_card_line_with_unknown_labels_is_refused_in_french_and_nothing_is_written(
    coordinator_client, history
):
    before = card_state()
    header, *rows = csv_rows(export(coordinator_client, Milestone, "0").content)
    rows[0][header.index("axes d'intervention")] = "Accompagnement; Jardinage"
    rows[1][header.index("date")] = "31/02/2007"
    rows[2][header.index("titre")] = "Une fiche modifiée"
    response = preview(coordinator_client, Milestone, csv_file([header, *rows]))
    found = problems(response)
    assert any("axe d'intervention inconnu : Jardinage" in problem for problem in found), found
    assert any("date invalide : 31/02/2007" in problem for problem in found), found
    assert card_state() == before


def test_a_new_card_is_loaded_with_its_boxes_typed_as_on_the_card(coordinator_client, history):
    content = csv_file(
        [
            [
                "adresse",
                "numéro de fiche",
                "date",
                "précision",
                "titre",
                "plans",
                "publics ciblés",
                "sigles",
            ],
            [
                "2006-a-nous-la-parole",
                "24",
                "01/01/2006",
                "année",
                "À nous la parole",
                "ppli-1",
                "Equipe; Personnes étrangère",
                "CAI, PLI",
            ],
        ]
    )
    assert import_file(coordinator_client, Milestone, content).status_code == 302
    card = Milestone.objects.get(slug="2006-a-nous-la-parole")
    assert (card.card_number, card.date_display) == (24, "2006")
    assert list(card.plans.values_list("code", flat=True)) == ["ppli-1"]
    assert set(card.target_publics.values_list("name", flat=True)) == {
        "Équipe",
        "Personnes étrangères",
    }
    assert set(card.acronyms.values_list("acronym", flat=True)) == {"CAI", "PLI"}


def test_two_cards_cannot_share_a_number(coordinator_client):
    make_milestone(slug="une", card_number=3, plan=make_plan(code="pli-x"))
    content = csv_file(
        [["adresse", "numéro de fiche", "date", "titre"], ["deux", "3", "01/01/2010", "Deux"]]
    )
    found = problems(preview(coordinator_client, Milestone, content))
    assert any("Une autre fiche porte déjà ce numéro." in problem for problem in found), found
    assert not Milestone.objects.filter(slug="deux").exists()


def test_a_local_file_of_the_author_cannot_be_given_an_address(coordinator_client, history):
    header, *rows = csv_rows(export(coordinator_client, MilestoneSource, "0").content)
    local = next(row for row in rows if row[header.index("type")] == "local_file")
    local[header.index("adresse web")] = "https://cai.example/plan-marshall.pdf"
    found = problems(preview(coordinator_client, MilestoneSource, csv_file([header, *rows])))
    assert any("Un fichier de l'auteur n'a pas d'adresse web" in problem for problem in found), (
        found
    )
    assert MilestoneSource.objects.get(kind="local_file").url == ""


@pytest.mark.parametrize("model", [Milestone, MilestoneSource], ids=lambda m: m.__name__)
def test_the_card_import_and_export_pages_answer(coordinator_client, model):
    for page in ["import", "export", "dictionary"]:
        assert coordinator_client.get(admin_url(model, page)).status_code == 200


def test_the_dates_of_imported_cards_keep_their_precision(coordinator_client, history):
    content = csv_file(
        [["adresse", "date", "précision", "titre"], ["colloque", "01/11/2007", "month", "Colloque"]]
    )
    assert import_file(coordinator_client, Milestone, content).status_code == 302
    card = Milestone.objects.get(slug="colloque")
    assert (card.occurred_on, card.date_display) == (datetime.date(2007, 11, 1), "novembre 2007")


def workbook(sheets):
    """An XLSX file from (title, rows) pairs, as Excel saves it."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def exported_workbook(client):
    content = export(client, Milestone, "2").content
    titles = load_workbook(io.BytesIO(content)).sheetnames
    return titles, xlsx_rows(content, 0), xlsx_rows(content, 1)


def test_a_workbook_of_cards_has_their_sources_in_a_second_sheet(coordinator_client, history):
    titles, cards, sources = exported_workbook(coordinator_client)
    assert titles == ["jalons", "Sources", "Dictionnaire"]
    assert cards[0] == CARD_HEADER
    assert sources[0] == [f.column_name for f in MilestoneSourceResource().get_import_fields()]
    assert len(sources) - 1 == MilestoneSource.objects.count() == 14


def test_a_workbook_edited_in_both_sheets_changes_only_what_was_edited(coordinator_client, history):
    before_cards, before_sources = card_state()
    _titles, cards, sources = exported_workbook(coordinator_client)
    header, source_header = cards[0], sources[0]
    seed = next(row for row in cards if row[header.index("titre")] == SEED_TITLE)
    seed[header.index("en bref")] = "RA2010 p 27 (visuel des PLI, en couleur)"
    sources[1][source_header.index("précision")] = "page d'accueil"
    content = workbook([("Fiches", cards), ("Sources", sources)])

    assert (
        import_file(coordinator_client, Milestone, content, "f.xlsx", XLSX_FORMAT).status_code
        == 302
    )

    after_cards, after_sources = card_state()
    slug = Milestone.objects.get(title=SEED_TITLE).slug
    assert after_cards[slug][5] == "RA2010 p 27 (visuel des PLI, en couleur)"
    assert after_sources[0][5] == "page d'accueil"
    after_cards[slug] = before_cards[slug]
    assert after_cards == before_cards
    assert after_sources[1:] == before_sources[1:]


def test_a_wrong_source_in_the_second_sheet_undoes_the_whole_workbook(coordinator_client, history):
    before = card_state()
    _titles, cards, sources = exported_workbook(coordinator_client)
    cards[1][cards[0].index("titre")] = "Un titre modifié"
    sources[2][sources[0].index("type")] = "roman"
    content = workbook([("Fiches", cards), ("Sources", sources)])
    response = preview(coordinator_client, Milestone, content, "f.xlsx", XLSX_FORMAT)
    found = problems(response)
    assert any(
        problem.startswith("Feuille « Sources » — Ligne 3, colonne « type » : valeur inconnue")
        for problem in found
    ), found
    assert card_state() == before
