"""The action form prevents mistakes: objectives and axes follow the chosen plan.

The rule lives in Action.clean() (what the admin form and the spreadsheet import both run):
an objective of another plan, or of another axis than the action's, is refused in French.
The form lists the choices grouped by plan and grid, each option tagged for the script that
narrows them (static/admin-cai/action-form.js).
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cai.roles import COORDINATORS, install_roles
from plans.models import Action
from tests.factory import (
    make_action,
    make_axis,
    make_cai_user,
    make_framework,
    make_intervention_axis,
    make_objective,
    make_organisation,
    make_plan,
    make_target_public,
    make_theme,
)
from tests.spreadsheets import csv_file, import_file, page_text, preview, problems
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

OTHER_AXIS = (
    "Cet objectif relève de l'axe « 3. Santé », l'action de l'axe « 2. Logement » : "
    "choisissez un objectif du même axe que l'action, ou changez l'axe de l'action."
)


@pytest.fixture
def grids(db):
    """Two plans on two grids that both have a "3. Santé", as the 2014 and 2020 PCS grids."""
    old_grid = make_framework(code="pcs-2014", name="PCS 2014–2019", start_year=2014)
    new_grid = make_framework(code="pcs-2020", name="PCS 2020–2025", start_year=2020)
    for grid in [old_grid, new_grid]:
        make_axis(framework=grid, code=f"{grid.code}-2", number=2, short_name="Logement")
        make_axis(framework=grid, code=f"{grid.code}-3", number=3, short_name="Santé")
    return old_grid, new_grid


@pytest.fixture
def ppli(grids):
    plan = make_plan(code="ppli-2", title="PPLI 2.0", framework=grids[1])
    make_objective(plan=plan, code="OBJ-2.1", title="Accéder au logement", axis=housing(plan))
    make_objective(plan=plan, code="OBJ-3.1", title="Se soigner", axis=health(plan))
    return plan


@pytest.fixture
def sambreville(grids):
    plan = make_plan(code="pli-sambreville", title="PLI Sambreville", framework=grids[0])
    make_objective(plan=plan, code="OBJ-2.1", title="Accéder au logement", axis=housing(plan))
    return plan


@pytest.fixture
def ppli_coordinator_client(client, ppli, sambreville):
    """A coordinator who follows the PPLI 2.0 only; Sambreville's plan is someone else's."""
    install_roles()
    client.force_login(make_cai_user(COORDINATORS, plans=[ppli], username="coordination"))
    return client


def housing(plan):
    return plan.framework.axes.get(number=2)


def health(plan):
    return plan.framework.axes.get(number=3)


def objective(plan, code):
    return plan.objectives.get(code=code)


def add_url():
    return reverse("admin:plans_action_add")


def new_action_data(client, plan, **fields):
    data = form_data(client.get(add_url()), Action)
    lead = make_organisation(code="cpas-namur", name="CPAS de Namur")
    data.update(
        {
            "plan": str(plan.pk),
            "code": "A-2.1",
            "title": "Permanence logement",
            "axis": str(housing(plan).pk),
            "lead_organisation": str(lead.pk),
            **{name: str(value) for name, value in fields.items()},
        }
    )
    return data


# --- At the model ---------------------------------------------------------------------------


def test_an_objective_of_another_axis_than_the_actions_is_refused_in_french(ppli):
    action = Action(
        plan=ppli,
        objective=objective(ppli, "OBJ-3.1"),
        axis=housing(ppli),
        code="A-1",
        title="Permanence logement",
        lead_organisation=make_organisation(),
    )
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert excinfo.value.message_dict == {"objective": [OTHER_AXIS]}


def test_an_objective_of_the_actions_axis_is_accepted(ppli):
    make_action(plan=ppli, objective=objective(ppli, "OBJ-2.1"), axis=housing(ppli)).full_clean()


def test_an_objective_without_axis_accepts_an_action_of_any_axis_of_the_grid(ppli):
    cross_cutting = make_objective(plan=ppli, code="OBJ-0", title="Se concerter")
    make_action(plan=ppli, objective=cross_cutting, axis=health(ppli)).full_clean()


# --- On the admin form ----------------------------------------------------------------------


def test_the_form_offers_only_the_objectives_and_grids_of_the_followed_plans(
    ppli_coordinator_client, ppli
):
    response = ppli_coordinator_client.get(add_url())
    form = response.context["adminform"].form
    assert list(form.fields["plan"].queryset) == [ppli]
    assert {o.plan for o in form.fields["objective"].queryset} == {ppli}
    assert {a.framework.code for a in form.fields["axis"].queryset} == {"pcs-2020"}


def test_the_one_followed_plan_is_chosen_on_a_new_action(ppli_coordinator_client, ppli):
    response = ppli_coordinator_client.get(add_url())
    assert response.context["adminform"].form["plan"].value() == ppli.pk


def test_objectives_are_grouped_and_labelled_with_their_plan(
    client, coordinator, ppli, sambreville
):
    client.force_login(coordinator)  # an administrator: every plan
    html = client.get(add_url()).content.decode()
    assert '<optgroup label="PPLI 2.0">' in html
    assert '<optgroup label="PLI Sambreville">' in html
    housing_of_ppli = objective(ppli, "OBJ-2.1")
    assert (
        f'<option value="{housing_of_ppli.pk}" data-plan="{ppli.pk}">'
        "OBJ-2.1 — Accéder au logement (ppli-2)</option>"
    ) in html


def test_axes_are_grouped_by_grid_and_tagged_for_the_script(client, coordinator, ppli, sambreville):
    client.force_login(coordinator)
    html = client.get(add_url()).content.decode()
    assert '<optgroup label="PCS 2014–2019">' in html
    assert '<optgroup label="PCS 2020–2025">' in html
    assert f'data-framework="{ppli.framework_id}">3. Santé</option>' in html
    assert f'<option value="{ppli.pk}" data-framework="{ppli.framework_id}"' in html


def test_the_action_script_is_a_same_origin_file(ppli_coordinator_client):
    html = ppli_coordinator_client.get(add_url()).content.decode()
    assert '<script src="/static/admin-cai/action-form.js"></script>' in html


def test_a_new_action_with_an_objective_of_its_plan_and_axis_is_saved(
    ppli_coordinator_client, ppli
):
    data = new_action_data(ppli_coordinator_client, ppli, objective=objective(ppli, "OBJ-2.1").pk)
    assert ppli_coordinator_client.post(add_url(), data).status_code == 302
    assert Action.objects.get(code="A-2.1").objective.code == "OBJ-2.1"


def test_an_objective_of_another_axis_is_refused_on_the_form(ppli_coordinator_client, ppli):
    data = new_action_data(ppli_coordinator_client, ppli, objective=objective(ppli, "OBJ-3.1").pk)
    response = ppli_coordinator_client.post(add_url(), data)
    assert response.status_code == 200
    assert OTHER_AXIS in page_text(response)
    assert not Action.objects.filter(code="A-2.1").exists()


def test_an_objective_of_another_plan_is_refused_on_the_form(
    client, coordinator, ppli, sambreville
):
    client.force_login(coordinator)
    data = new_action_data(client, ppli, objective=objective(sambreville, "OBJ-2.1").pk)
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert "Cet objectif appartient à un autre plan." in page_text(response)
    assert not Action.objects.filter(code="A-2.1").exists()


def test_an_axis_of_another_grid_is_refused_on_the_form(client, coordinator, ppli, sambreville):
    client.force_login(coordinator)
    data = new_action_data(client, ppli, axis=housing(sambreville).pk)
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert "Cet axe n'appartient pas à la grille des droits de ce plan." in page_text(response)


def test_an_objective_of_a_plan_not_followed_is_not_a_choice(
    ppli_coordinator_client, ppli, sambreville
):
    data = new_action_data(
        ppli_coordinator_client, ppli, objective=objective(sambreville, "OBJ-2.1").pk
    )
    response = ppli_coordinator_client.post(add_url(), data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide." in page_text(response)


def test_taxonomies_are_checkboxes(ppli_coordinator_client):
    make_theme(name="Logement")
    make_intervention_axis(name="Accompagnement")
    make_target_public(name="Personnes étrangères")
    html = ppli_coordinator_client.get(add_url()).content.decode()
    for field in ["themes", "intervention_axes", "target_publics"]:
        assert f'<input type="checkbox" name="{field}"' in html
    assert "selectfilter" not in html


# --- At the import --------------------------------------------------------------------------


def test_an_imported_action_on_an_objective_of_another_axis_is_refused(client, coordinator, ppli):
    client.force_login(coordinator)
    make_organisation(code="cai", name="CAI")
    header = ["plan", "code", "intitulé", "objectif", "axe", "organisation porteuse"]
    rows = [
        header,
        ["ppli-2", "A-2.1", "Permanence logement", "OBJ-2.1", "pcs-2020-2", "cai"],
        ["ppli-2", "A-2.2", "Permanence santé", "OBJ-3.1", "pcs-2020-2", "cai"],
    ]
    response = preview(client, Action, csv_file(rows))
    assert problems(response) == [f"Ligne 3, colonne « objectif » : {OTHER_AXIS}"]
    assert not Action.objects.exists()


def test_an_imported_action_on_an_objective_of_its_axis_is_created(client, coordinator, ppli):
    client.force_login(coordinator)
    make_organisation(code="cai", name="CAI")
    header = ["plan", "code", "intitulé", "objectif", "axe", "organisation porteuse"]
    rows = [header, ["ppli-2", "A-3.1", "Permanence santé", "OBJ-3.1", "pcs-2020-3", "cai"]]
    assert import_file(client, Action, csv_file(rows)).status_code == 302
    assert Action.objects.get().objective.code == "OBJ-3.1"
