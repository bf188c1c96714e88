"""The CAI's seed history card (../shared/seed/) against the record that holds it.

The test reads the card file itself: every ☑/☐ box, the narrative, the sources in the card's
order and the "Déclinaison des sigles" must be what fixtures/history.json holds and what the
public pages show, so that the record and the card cannot drift apart.
"""

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from cai.models import Audience, InterventionAxis, TargetPublic, Theme, label_key
from plans.models import Milestone

pytestmark = pytest.mark.django_db

SEED_CARD = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_402d57fee5a7e80f.txt"

# The card's headings, the taxonomy each one ticks, the record's field and the filter's name.
HEADINGS = {
    "Cette date est essentielle pour :": (Audience, "audiences", "audience"),
    "Axes stratégiques d’intervention :": (
        InterventionAxis,
        "intervention_axes",
        "intervention_axis",
    ),
    "Publics ciblés par l’activité :": (TargetPublic, "target_publics", "target_public"),
    "Thématiques traversées par l’activité :": (Theme, "themes", "theme"),
}


@dataclass
class Card:
    year: int
    title: str
    narrative: str
    in_brief: str
    sources: list
    acronyms: list
    boxes: list = field(default_factory=list)  # (heading, label, ticked)


def read_card(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    year, title = lines[0].split(" – ", 1)
    blank = lines.index("")
    used = lines.index("Ressources utilisés :")
    declared = lines.index("Déclinaison des sigles :")
    categories = lines.index("Catégories :")
    sources = []
    for line in lines[used + 1 : declared]:
        text = line.removeprefix("- ")
        # One line of the card holds two addresses and a file path: three sources.
        sources += text.split() if text.startswith(("http", "file:")) else [text]
    acronyms = [
        tuple(part.strip() for part in re.split(r"[:=]", line.removeprefix("- "), maxsplit=1))
        for line in lines[declared + 1 : categories]
    ]
    card = Card(
        year=int(year),
        title=title,
        narrative="\n".join(lines[1:blank]),
        in_brief=lines[blank + 1].removeprefix("En Bref "),
        sources=sources,
        acronyms=acronyms,
    )
    heading = None
    for line in lines[categories + 1 :]:
        if line in HEADINGS:
            heading = line
        elif line[:1] in "☑☐":
            card.boxes.append((heading, line[2:], line[0] == "☑"))
    return card


@pytest.fixture(scope="module")
def card():
    if not SEED_CARD.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"The seed card is missing in CI: {SEED_CARD}")
        pytest.skip(f"The seed card is not beside this clone ({SEED_CARD}).")
    return read_card(SEED_CARD)


@pytest.fixture
def record(card):
    call_command("loaddata", "reference", "history", verbosity=0)
    return Milestone.objects.get(title=card.title)


def term_of(heading, label):
    model = HEADINGS[heading][0]
    matches = [term for term in model.objects.all() if label_key(term.name) == label_key(label)]
    assert len(matches) == 1, f"{label!r} names {len(matches)} terms of {model.__name__}"
    return matches[0]


def test_the_card_has_a_box_for_every_word_of_the_taxonomy(card, record):
    boxes = {(HEADINGS[heading][0], term_of(heading, label).pk) for heading, label, _ in card.boxes}
    taxonomy = {
        (model, pk)
        for model, _, _ in HEADINGS.values()
        for pk in model.objects.values_list("pk", flat=True)
    }
    assert len(card.boxes) == 37
    assert boxes == taxonomy


def test_the_record_ticks_every_ticked_box_of_the_card_and_none_of_the_others(card, record):
    for heading, label, ticked in card.boxes:
        _, field_name, _ = HEADINGS[heading]
        term = term_of(heading, label)
        assert getattr(record, field_name).filter(pk=term.pk).exists() is ticked, (heading, label)


def test_the_record_tells_the_card_as_written(card, record):
    assert record.occurred_on.year == card.year
    assert record.date_display == str(card.year)
    assert record.narrative == card.narrative
    assert record.in_brief == card.in_brief
    assert record.card_number is None  # the card does not say its own number


def test_the_record_lists_the_sources_in_the_cards_order(card, record):
    assert [source.citation for source in record.sources.all()] == card.sources
    local_files = record.sources.filter(reference__startswith="file:")
    assert [source.url for source in local_files] == [""]


def test_the_record_declares_the_cards_acronyms_in_its_words(card, record):
    declared = [
        (declared.acronym.acronym, declared.expansion)
        for declared in record.declared_acronyms.select_related("acronym")
    ]
    assert declared == card.acronyms
    assert len(declared) == 7


def test_the_public_page_shows_what_the_card_shows(client, card, record):
    response = client.get(f"/chronologie/{record.slug}/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())

    assert f"{card.year} – {card.title}" in page
    for line in card.narrative.splitlines():
        assert line.removeprefix("- ") in page
    assert page.count("<li>", page.index('class="narrative"'), page.index("En bref")) == 5
    for source in card.sources:
        assert source in page
    assert '<a href="file:' not in page
    for acronym, expansion in card.acronyms:
        assert f'<abbr title="{expansion}">{acronym}</abbr></dt><dd>{expansion}</dd>' in page
    for heading, label, ticked in card.boxes:
        name = term_of(heading, label).name
        mark, spoken = ("☑", "coché :") if ticked else ("☐", "non coché :")
        box = (
            f'<span aria-hidden="true">{mark}</span> '
            f'<span class="visually-hidden">{spoken}</span> {name}</li>'
        )
        assert box in page, (heading, label)


def chronology_slugs(client, query):
    response = client.get("/chronologie/", query)
    assert response.status_code == 200
    return re.findall(r'href="/chronologie/([^/"]+)/"', response.content.decode())


def test_the_chronology_finds_the_card_under_each_ticked_box_and_not_under_the_others(
    client, card, record
):
    for heading, label, ticked in card.boxes:
        _, _, parameter = HEADINGS[heading]
        term = term_of(heading, label)
        found = record.slug in chronology_slugs(client, {parameter: term.slug})
        assert found is ticked, (heading, label)


def test_the_chronology_links_each_milestone_to_its_page(client, record):
    slugs = chronology_slugs(client, {})
    assert slugs == list(Milestone.objects.published().values_list("slug", flat=True))
    for slug in slugs:
        assert client.get(f"/chronologie/{slug}/").status_code == 200
