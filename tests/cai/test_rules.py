"""The rules of the reference data: territory, rights frameworks and their axes."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cai.models import Arrondissement, Commune, Province, RightsAxis, RightsFramework
from tests.factory import make_axis, make_commune, make_framework

pytestmark = pytest.mark.django_db


# --- Rights frameworks and their axes ---------------------------------------------------------


def test_a_framework_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_framework(start_year=2020, end_year=2019)
    assert not RightsFramework.objects.exists()


def test_a_framework_ending_before_it_starts_is_explained_in_french():
    framework = make_framework(start_year=2020, end_year=2025)
    framework.end_year = 2019
    with pytest.raises(ValidationError) as excinfo:
        framework.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["La dernière année ne peut pas précéder la première année."]
    }


def test_two_axes_with_one_number_in_a_framework_are_refused_by_the_database():
    first = make_axis(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_axis(framework=first.framework, number=1)
    assert RightsAxis.objects.count() == 1


def test_two_axes_with_one_number_in_a_framework_are_explained_in_french():
    first = make_axis(number=1)
    duplicate = RightsAxis(
        framework=first.framework,
        code="pcs2020-sante",
        number=1,
        name="Droit à la santé",
        short_name="Santé",
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.message_dict == {
        NON_FIELD_ERRORS: ["Cette grille a déjà un axe portant ce numéro."]
    }


def test_the_same_axis_number_is_accepted_in_two_frameworks():
    make_axis(number=1)
    make_axis(number=1).full_clean()
    assert RightsAxis.objects.filter(number=1).count() == 2


# --- Territory --------------------------------------------------------------------------------


@pytest.mark.parametrize("nis_code", ["9209", "9209a", "92 94", "٩٢٠٩٤"])
def test_a_nis_code_of_other_than_five_digits_is_refused(nis_code):
    arrondissement = make_commune().arrondissement
    commune = Commune(nis_code=nis_code, name="Namur", arrondissement=arrondissement)
    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()
    assert excinfo.value.message_dict == {
        "nis_code": ["Un code INS compte exactement cinq chiffres."]
    }


def test_a_nis_code_of_five_digits_is_accepted():
    arrondissement = make_commune().arrondissement
    Commune(nis_code="92094", name="Namur", arrondissement=arrondissement).full_clean()


def test_deleting_an_arrondissement_that_has_communes_is_refused():
    commune = make_commune()
    with pytest.raises(ProtectedError):
        commune.arrondissement.delete()
    assert Arrondissement.objects.filter(pk=commune.arrondissement_id).exists()
    assert Commune.objects.filter(pk=commune.pk).exists()


def test_deleting_a_province_that_has_arrondissements_is_refused():
    province = make_commune().arrondissement.province
    with pytest.raises(ProtectedError):
        province.delete()
    assert Province.objects.filter(pk=province.pk).exists()
