"""The public pages of the concertation spaces, as the anonymous visitor reads them."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from concertation.models import Membership, Space
from tests.factory import (
    make_attendance,
    make_axis,
    make_commune,
    make_meeting,
    make_membership,
    make_organisation,
    make_plan,
    make_space,
    make_theme,
    new_nis_code,
)

pytestmark = pytest.mark.django_db


def text_of(response):
    """What the visitor reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def sambreville(db):
    return make_commune(nis_code=new_nis_code(), name="Sambreville")


@pytest.fixture
def platform(sambreville):
    """A published housing platform run by the CAI, with two members and three meetings."""
    cai = make_organisation(name="CAI Namur")
    cpas = make_organisation(name="CPAS de Sambreville", contact_name="Madame Confidentielle")
    space = make_space(
        code="plateforme-logement",
        name="Plateforme logement",
        kind=Space.Kind.PLATFORM,
        level=Space.Level.LOCAL,
        convener=cai,
        description="Les associations et les services publics du logement se rencontrent.",
        is_published=True,
    )
    space.communes.add(sambreville)
    space.axes.add(make_axis(short_name="Logement"))
    space.themes.add(make_theme(name="Habitat"))
    space.plans.add(make_plan(title="PLIC de Sambreville"))
    space.plans.add(make_plan(title="PLI en préparation", is_published=False))
    make_membership(
        space=space,
        organisation=cai,
        role=Membership.Role.FACILITATOR,
        started_on=datetime.date(2019, 2, 1),
    )
    make_membership(
        space=space,
        organisation=cpas,
        started_on=datetime.date(2019, 2, 1),
        ended_on=datetime.date(2021, 6, 30),
    )
    make_membership(space=space, organisation=cpas, started_on=datetime.date(2023, 1, 1))

    autumn = make_meeting(
        space=space,
        title="Réunion d'automne",
        held_on=datetime.date(2024, 10, 8),
        place="Tamines",
        other_participants_count=4,
        minutes="Le guide du logement sera réédité.",
        are_minutes_published=True,
        is_published=True,
    )
    make_attendance(meeting=autumn, organisation=cai, people_count=3)
    make_attendance(meeting=autumn, organisation=cpas, people_count=1)
    make_meeting(
        space=space,
        title="Réunion de printemps",
        held_on=datetime.date(2024, 4, 16),
        minutes="Désaccord sur le budget, à ne pas diffuser.",
        is_published=True,
    )
    make_meeting(space=space, title="Réunion en préparation", held_on=in_a_week())
    return space


# --- List and page ---------------------------------------------------------------------------


def test_the_space_list_shows_each_published_space_with_its_members_and_meetings(visitor, platform):
    make_space(name="Groupe en projet", is_published=False)

    page = text_of(visitor.get("/concertation/"))

    # Two organisations (one sat twice), two published meetings.
    assert "Plateforme logement Plateforme Local Sambreville 2 2" in page
    assert "Groupe en projet" not in page


def test_the_space_page_describes_the_space(visitor, platform):
    page = text_of(visitor.get("/concertation/plateforme-logement/"))

    assert "Type Plateforme (local)" in page
    assert "Animé par CAI Namur" in page
    assert "Territoire Sambreville" in page
    assert "Plans PLIC de Sambreville Axes de droits" in page
    assert "Thématiques Habitat" in page
    assert "Les associations et les services publics du logement se rencontrent." in page
    assert "PLI en préparation" not in page


def test_the_space_page_lists_its_members_with_their_dates(visitor, platform):
    page = text_of(visitor.get("/concertation/plateforme-logement/"))

    assert "CAI Namur Animation 1er février 2019 en cours" in page
    assert "CPAS de Sambreville Membre 1er février 2019 30 juin 2021" in page
    assert "CPAS de Sambreville Membre 1er janvier 2023 en cours" in page


def test_the_space_page_lists_its_meetings_with_date_place_organisations_and_people(
    visitor, platform
):
    page = text_of(visitor.get("/concertation/plateforme-logement/"))

    # Three people of the CAI, one of the CPAS, four who came on their own.
    assert "8 octobre 2024 Réunion d'automne Procès-verbal" in page
    assert "Tamines 2 8" in page
    assert "16 avril 2024 Réunion de printemps — 0 0" in page


def test_the_space_page_shows_minutes_only_once_approved_for_publication(visitor, platform):
    page = text_of(visitor.get("/concertation/plateforme-logement/"))

    assert "Le guide du logement sera réédité." in page
    assert "Désaccord sur le budget" not in page


def test_the_space_pages_answer_in_english_under_en(visitor, platform):
    for url in ["/en/concertation/", "/en/concertation/plateforme-logement/"]:
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode(), url


# --- Nothing unpublished, nothing internal ---------------------------------------------------


def test_an_unpublished_space_is_not_listed_and_answers_404(visitor, platform):
    make_space(code="groupe-en-projet", name="Groupe en projet", is_published=False)

    assert "Groupe en projet" not in text_of(visitor.get("/concertation/"))
    assert visitor.get("/concertation/groupe-en-projet/").status_code == 404


def test_an_unpublished_meeting_shows_neither_on_the_space_nor_on_home(visitor, platform):
    assert "Réunion en préparation" not in text_of(
        visitor.get("/concertation/plateforme-logement/")
    )
    assert "Réunion en préparation" not in text_of(visitor.get("/"))


def test_a_meeting_of_an_unpublished_space_does_not_show_on_home(visitor, platform):
    hidden = make_space(name="Groupe en projet", is_published=False)
    make_meeting(space=hidden, title="Lancement du groupe", held_on=in_a_week(), is_published=True)

    assert "Lancement du groupe" not in text_of(visitor.get("/"))


def test_a_meeting_of_an_unpublished_plan_shows_nowhere_and_counts_nowhere(visitor, platform):
    make_meeting(
        space=platform,
        plan=make_plan(is_published=False),
        title="Plénière du plan en préparation",
        held_on=in_a_week(),
        is_published=True,
    )

    assert "Plénière du plan en préparation" not in text_of(visitor.get("/"))
    assert "Plénière du plan en préparation" not in text_of(
        visitor.get("/concertation/plateforme-logement/")
    )
    assert "Plateforme logement Plateforme Local Sambreville 2 2" in text_of(
        visitor.get("/concertation/")
    )


def test_the_next_published_meetings_show_on_home(visitor, platform):
    make_meeting(
        space=platform,
        title="Réunion de rentrée",
        held_on=in_a_week(),
        place="Auvelais",
        is_published=True,
    )

    assert "Réunion de rentrée (Plateforme logement), Auvelais" in text_of(visitor.get("/"))


def test_a_contact_name_shows_on_no_concertation_page(visitor, platform):
    for url in ["/concertation/", "/concertation/plateforme-logement/", "/"]:
        assert "Madame Confidentielle" not in visitor.get(url).content.decode(), url


# --- Odd query strings and addresses ---------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=-1", "page=99999", "q=" + "x" * 10_000, "unknown=1", "q=%00"],
    ids=lambda query: query[:20],
)
def test_odd_query_strings_give_the_normal_concertation_pages(visitor, platform, query):
    for path in ["/concertation/", "/concertation/plateforme-logement/"]:
        assert visitor.get(f"{path}?{query}").status_code == 200, path


@pytest.mark.parametrize(
    "path", ["/concertation/inconnu/", "/concertation/%00/", "/concertation/" + "x" * 10_000 + "/"]
)
def test_odd_concertation_addresses_answer_404(visitor, platform, path):
    assert visitor.get(path).status_code == 404


def test_the_space_list_is_paginated(visitor, db):
    for n in range(51):
        make_space(code=f"espace-{n:02}", name=f"Espace {n:02}", is_published=True)
    first = text_of(visitor.get("/concertation/"))
    assert "Espace 49" in first and "Espace 50" not in first
    assert "Espace 50" in text_of(visitor.get("/concertation/?page=2"))
