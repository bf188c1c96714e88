"""Small explicit factories for tests: each makes one valid row, overridable by keyword.

Reference rows (communes, axes, taxonomy) come from the real fixtures where a test needs
them; these helpers create just enough for a test to read on its own.
"""

import datetime
import importlib
from itertools import count

from django.apps import apps
from django.contrib.auth.models import Group

from cai.models import (
    Acronym,
    Arrondissement,
    Audience,
    Commune,
    InterventionAxis,
    Organisation,
    Province,
    RightsAxis,
    RightsFramework,
    TargetPublic,
    Theme,
    User,
)
from cai.roles import install_roles
from concertation.models import Attendance, Meeting, Membership, Space
from plans.models import (
    Action,
    ActionPartner,
    ActionUpdate,
    Diagnostic,
    Finding,
    Indicator,
    IndicatorValue,
    Memorandum,
    Milestone,
    MilestoneResource,
    MilestoneSource,
    Objective,
    Plan,
    Recommendation,
    SteeringMembership,
)

_seq = count(1)


def _next():
    return next(_seq)


def make_commune(**fields):
    province, _ = Province.objects.get_or_create(nis_code="90000", defaults={"name": "Namur"})
    arrondissement, _ = Arrondissement.objects.get_or_create(
        nis_code="92000", defaults={"name": "Namur", "province": province}
    )
    n = _next()
    fields.setdefault("nis_code", new_nis_code())
    fields.setdefault("name", f"Commune {n}")
    return Commune.objects.create(arrondissement=arrondissement, **fields)


def make_organisation(**fields):
    n = _next()
    fields.setdefault("code", f"org-{n}")
    fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("kind", Organisation.Kind.HOST_ASSOCIATION)
    return Organisation.objects.create(**fields)


def make_framework(**fields):
    n = _next()
    fields.setdefault("code", f"grille-{n}")
    fields.setdefault("name", f"Grille {n}")
    fields.setdefault("start_year", 2020)
    return RightsFramework.objects.create(**fields)


def make_axis(**fields):
    n = _next()
    if "framework" not in fields:
        fields["framework"] = make_framework()
    fields.setdefault("code", f"axe-{n}")
    fields.setdefault("number", n)
    fields.setdefault("name", f"Axe {n}")
    fields.setdefault("short_name", f"Axe {n}")
    return RightsAxis.objects.create(**fields)


def make_plan(**fields):
    n = _next()
    fields.setdefault("code", f"plan-{n}")
    fields.setdefault("kind", Plan.Kind.PLI)
    fields.setdefault("title", f"Plan {n}")
    fields.setdefault("scope", Plan.Scope.COMMUNAL)
    fields.setdefault("start_year", 2020)
    fields.setdefault("end_year", 2025)
    fields.setdefault("status", Plan.Status.IN_FORCE)
    fields.setdefault("is_published", True)
    return Plan.objects.create(**fields)


def make_objective(**fields):
    n = _next()
    if "plan" not in fields:
        fields["plan"] = make_plan()
    fields.setdefault("code", f"OBJ-{n}")
    fields.setdefault("title", f"Objectif {n}")
    return Objective.objects.create(**fields)


def make_action(**fields):
    n = _next()
    if "plan" not in fields:
        fields["plan"] = make_plan()
    if "axis" not in fields:
        fields["axis"] = make_axis(framework=fields["plan"].framework or make_framework())
    if "lead_organisation" not in fields:
        fields["lead_organisation"] = make_organisation()
    fields.setdefault("code", f"A-{n}")
    fields.setdefault("title", f"Action {n}")
    fields.setdefault("is_published", True)
    return Action.objects.create(**fields)


def make_update(action, **fields):
    fields.setdefault("reported_on", datetime.date(2025, 6, 1))
    fields.setdefault("status", Action.Status.IN_PROGRESS)
    fields.setdefault("progress", 50)
    return ActionUpdate.objects.create(action=action, **fields)


def correct_in_database(action, **fields):
    """An update written straight into the database, as a database administrator would
    correct a frozen year: the application itself refuses it (ActionUpdate.check_year_open)."""
    fields.setdefault("reported_on", datetime.date(2025, 6, 1))
    fields.setdefault("status", Action.Status.IN_PROGRESS)
    fields.setdefault("progress", 50)
    ActionUpdate.objects.bulk_create([ActionUpdate(action=action, **fields)])
    Action.objects.filter(pk=action.pk).follow_latest_updates()


def make_diagnostic(**fields):
    n = _next()
    fields.setdefault("code", f"diag-{n}")
    fields.setdefault("title", f"Diagnostic {n}")
    fields.setdefault("method", Diagnostic.Method.PARTICIPATORY)
    fields.setdefault("start_year", 2019)
    return Diagnostic.objects.create(**fields)


def make_finding(**fields):
    n = _next()
    if "diagnostic" not in fields:
        fields["diagnostic"] = make_diagnostic()
    fields.setdefault("code", f"C-{n}")
    fields.setdefault("kind", Finding.Kind.OBSTACLE)
    fields.setdefault("statement", f"Constat {n}")
    return Finding.objects.create(**fields)


def make_memorandum(**fields):
    n = _next()
    fields.setdefault("code", f"memo-{n}")
    fields.setdefault("title", f"Mémorandum {n}")
    fields.setdefault("year", 2024)
    fields.setdefault("election", Memorandum.Election.LOCAL)
    return Memorandum.objects.create(**fields)


def make_recommendation(**fields):
    n = _next()
    if "memorandum" not in fields:
        fields["memorandum"] = make_memorandum()
    fields.setdefault("code", f"R-{n}")
    fields.setdefault("text", f"Recommandation {n}")
    fields.setdefault("level", Recommendation.Level.COMMUNAL)
    return Recommendation.objects.create(**fields)


def make_space(**fields):
    n = _next()
    fields.setdefault("code", f"espace-{n}")
    fields.setdefault("name", f"Groupe de travail {n}")
    fields.setdefault("kind", Space.Kind.WORKING_GROUP)
    fields.setdefault("level", Space.Level.PROVINCIAL)
    return Space.objects.create(**fields)


def make_membership(**fields):
    if "space" not in fields:
        fields["space"] = make_space()
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    fields.setdefault("started_on", datetime.date(2020, 1, 1))
    return Membership.objects.create(**fields)


def make_meeting(**fields):
    n = _next()
    fields.setdefault("title", f"Réunion {n}")
    fields.setdefault("held_on", datetime.date(2025, 3, 4))
    return Meeting.objects.create(**fields)


def make_attendance(**fields):
    if "meeting" not in fields:
        fields["meeting"] = make_meeting()
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    return Attendance.objects.create(**fields)


def make_steering_membership(**fields):
    if "plan" not in fields:
        fields["plan"] = make_plan()
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    fields.setdefault("started_on", datetime.date(2020, 1, 1))
    return SteeringMembership.objects.create(**fields)


def make_indicator(**fields):
    n = _next()
    if "action" not in fields:
        fields["action"] = make_action()
    fields.setdefault("name", f"Indicateur {n}")
    fields.setdefault("unit", "participants")
    return Indicator.objects.create(**fields)


def make_indicator_value(**fields):
    if "indicator" not in fields:
        fields["indicator"] = make_indicator()
    fields.setdefault("year", 2024)
    fields.setdefault("value", 12)
    return IndicatorValue.objects.create(**fields)


def make_milestone(*, plan=None, **fields):
    """A milestone; `plan` is the one plan it concerns, if any."""
    n = _next()
    fields.setdefault("occurred_on", datetime.date(2009, 11, 1))
    fields.setdefault("title", f"Jalon {n}")
    fields.setdefault("slug", f"jalon-{n}")
    milestone = Milestone.objects.create(**fields)
    if plan is not None:
        milestone.plans.add(plan)
    return milestone


def make_user(**fields):
    n = _next()
    fields.setdefault("username", f"utilisateur-{n}")
    fields.setdefault("email", f"utilisateur-{n}@cai.example")
    return User.objects.create_user(**fields)


def make_cai_user(role, plans=(), **fields):
    """Someone of the CAI with a role (cai.roles) and the plans they follow (Plan.team)."""
    install_roles()
    fields.setdefault("is_staff", True)
    user = make_user(**fields)
    user.groups.add(Group.objects.get(name=role))
    for plan in plans:
        plan.team.add(user)
    return user


def make_group(**fields):
    fields.setdefault("name", f"Groupe {_next()}")
    return Group.objects.create(**fields)


def new_nis_code():
    """A five-digit code no other factory call has used, however many rows were made."""
    return f"{_next() % 100_000:05d}"


def make_province(**fields):
    fields.setdefault("nis_code", new_nis_code())
    fields.setdefault("name", f"Province {fields['nis_code']}")
    return Province.objects.create(**fields)


def make_arrondissement(**fields):
    if "province" not in fields:
        fields["province"] = make_province()
    fields.setdefault("nis_code", new_nis_code())
    fields.setdefault("name", f"Arrondissement {fields['nis_code']}")
    return Arrondissement.objects.create(**fields)


def _make_term(model, **fields):
    n = _next()
    fields.setdefault("slug", f"{model._meta.model_name}-{n}")
    fields.setdefault("name", f"{model._meta.verbose_name} {n}")
    return model.objects.create(**fields)


def make_intervention_axis(**fields):
    return _make_term(InterventionAxis, **fields)


def make_target_public(**fields):
    fields.setdefault("group", TargetPublic.Group.PEOPLE)
    return _make_term(TargetPublic, **fields)


def make_theme(**fields):
    fields.setdefault("group", Theme.Group.GENERAL)
    return _make_term(Theme, **fields)


def make_audience(**fields):
    return _make_term(Audience, **fields)


def make_acronym(**fields):
    n = _next()
    fields.setdefault("acronym", f"SIG{n}")
    fields.setdefault("expansion", f"Signification {n}")
    return Acronym.objects.create(**fields)


def make_milestone_source(**fields):
    if "milestone" not in fields:
        fields["milestone"] = make_milestone()
    fields.setdefault("kind", MilestoneSource.Kind.ANNUAL_REPORT)
    fields.setdefault("reference", f"Rapport d'activités {_next()}")
    return MilestoneSource.objects.create(**fields)


def make_milestone_resource(**fields):
    if "milestone" not in fields:
        fields["milestone"] = make_milestone()
    fields.setdefault("title", f"Ressource {_next()}")
    fields.setdefault("url", "https://cai.example/ressource.pdf")
    return MilestoneResource.objects.create(**fields)


def make_action_partner(**fields):
    if "action" not in fields:
        fields["action"] = make_action()
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    return ActionPartner.objects.create(**fields)


def make_footer_pages():
    """The contact, legal notice and accessibility pages as the migration writes them (the
    suite runs without migrations)."""
    importlib.import_module("cai.migrations.0004_footer_pages").write_pages(apps, None)
