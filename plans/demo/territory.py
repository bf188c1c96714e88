"""Communes beyond the province of Namur, for a demo at the scale of all Walloon centres.

The 38 communes of the province are real reference data. A shared instance for the eight
Walloon centres covers 262 communes: the others are made up here, in made-up provinces and
arrondissements, and say so. Every name ends with " (fictive)" or " (fictif)", and every NIS
code starts with 0: in Statbel's REFNIS only the kingdom and the regions do (01000 to 04000),
never a province, an arrondissement or a commune, so a made-up code can never be a real one.
"""

from cai.models import Arrondissement, Commune, Province

from .writing import BATCH_SIZE

PROVINCES = ["Ardenne du Nord", "Condroz de l'Est", "Hesbaye de l'Ouest", "Fagne du Sud"]
ARRONDISSEMENTS_PER_PROVINCE = 4
ROMAN = ["I", "II", "III", "IV"]
# Commune names are two syllables of Walloon place names: "Beaufays", "Hautsart"…
FIRST_SYLLABLES = [
    "Bel", "Beau", "Haut", "Val", "Mont", "Roche", "Bois", "Clair",
    "Fond", "Grand", "Vieux", "Neuf", "Pré", "Sart", "Ham", "Chêne",
]  # fmt: skip
SECOND_SYLLABLES = [
    "mont", "fort", "ville", "court", "fays", "rieux", "sart", "mes",
    "champ", "lieu", "val", "pré", "bois", "ry", "han", "roux",
]  # fmt: skip
NAMES = [
    f"{first}{second}"
    for first in FIRST_SYLLABLES
    for second in SECOND_SYLLABLES
    if first.lower() != second
]
FICTIVE = " (fictive)"


def make_communes(demo):
    """The real communes, then as many made-up ones as the size asks for."""
    missing = demo.counts.get("communes", 0) - len(demo.ref.communes)
    demo.communes = demo.ref.communes + (fictive_communes(missing) if missing > 0 else [])


def fictive_communes(count):
    """`count` made-up communes, the same ones every time, spread over made-up
    arrondissements; created unless a previous demo left them."""
    arrondissements = fictive_arrondissements()
    communes = [
        Commune(
            nis_code=f"{arrondissement.nis_code[:3]}{number // len(arrondissements) + 1:02d}",
            name=f"{NAMES[number]}{FICTIVE}",
            arrondissement=arrondissement,
        )
        for number in range(min(count, len(NAMES)))
        for arrondissement in [arrondissements[number % len(arrondissements)]]
    ]
    Commune.objects.bulk_create(communes, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return sorted(communes, key=lambda commune: commune.nis_code)


def fictive_arrondissements():
    provinces = [
        Province(nis_code=f"0{5 + number}000", name=f"{name}{FICTIVE}")
        for number, name in enumerate(PROVINCES)
    ]
    arrondissements = [
        Arrondissement(
            nis_code=f"{province.nis_code[:2]}{number + 1}00",
            name=f"{PROVINCES[index]} {ROMAN[number]} (fictif)",
            province=province,
        )
        for index, province in enumerate(provinces)
        for number in range(ARRONDISSEMENTS_PER_PROVINCE)
    ]
    Province.objects.bulk_create(provinces, ignore_conflicts=True)
    Arrondissement.objects.bulk_create(arrondissements, ignore_conflicts=True)
    return arrondissements
