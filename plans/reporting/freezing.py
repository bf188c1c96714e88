"""Freezing the report of a year when the plenary is held, and comparing it with today's figures.

A frozen report is written once in the default language (French: the report goes to the
plenary) and never rebuilt: its files are served from what was stored.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cai.templatetags.long_dates import long_date

from ..models import FrozenReport, Plan
from .build import build_report
from .data import report_data
from .render import html_to_pdf, render_csv, render_csv_dictionary, render_html, render_xlsx


def freeze_report(*, plan, year, user):
    """Build the report of `plan` for `year` and store it with its files, once and for all."""
    if timezone.localdate() < freezable_from(year):
        raise not_yet_freezable(year)
    with transaction.atomic():
        # Two coordinators freezing at once: the second waits, then finds the first's report.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        existing = FrozenReport.objects.filter(plan=plan, year=year).select_related("frozen_by")
        if existing:
            raise already_frozen(existing[0])
        with translation.override(settings.LANGUAGE_CODE):
            report = build_report(plan=plan, year=year)
            html = render_html(report)
            return FrozenReport.objects.create(
                plan=plan,
                year=year,
                frozen_at=report.built_at,
                frozen_by=user,
                data=report_data(report),
                html=html,
                pdf=html_to_pdf(html),
                csv=render_csv(report),
                csv_dictionary=render_csv_dictionary(),
                xlsx=render_xlsx(report),
            )


def freezable_from(year):
    """A year's report is frozen once the year is over: its last updates may still come in
    on 31 December, so the earliest day is 1 January of the next year."""
    return datetime.date(year + 1, 1, 1)


def not_yet_freezable(year):
    return ValidationError(
        _(
            "L'année %(year)s n'est pas terminée : son rapport pourra être figé à partir du "
            "%(day)s, quand tous ses points d'avancement seront connus."
        ),
        code="report_year_not_over",
        params={"year": year, "day": long_date(freezable_from(year))},
    )


def already_frozen(frozen):
    return ValidationError(
        _(
            "Le rapport annuel %(year)s de ce plan a déjà été figé le %(frozen_at)s : "
            "un rapport figé ne peut pas être figé une seconde fois."
        ),
        code="report_already_frozen",
        params={
            "year": frozen.year,
            "frozen_at": date_format(timezone.localtime(frozen.frozen_at), "j F Y, H:i"),
        },
    )


# --- Frozen and live, side by side -----------------------------------------------------------


@dataclass
class Difference:
    """One thing that is no longer as the frozen report says."""

    subject: str  # what changed: an action code, an indicator, a figure
    change: str  # what kind of change, in words
    frozen: str  # as frozen ("" when the thing did not exist)
    live: str  # as the records say today ("" when it no longer exists)


def compare_with_live(frozen):
    """What differs between a frozen report and the same report built from today's records."""
    with translation.override(settings.LANGUAGE_CODE):
        live = report_data(build_report(plan=frozen.plan, year=frozen.year))
        before = frozen.data
        return [
            *action_differences(before, live),
            *recommendation_differences(before, live),
            *figure_differences(before, live),
        ]


def _actions(data):
    actions = [
        a for axis in data["axes"] for g in ("done", "in_progress", "next_year") for a in axis[g]
    ]
    return {action["code"]: action for action in actions + data["left_out"]}


def action_differences(before, live):
    old, new = _actions(before), _actions(live)
    for code in sorted(old.keys() | new.keys()):
        if code not in new:
            yield Difference(code, _("Action retirée du plan"), old[code]["title"], "")
        elif code not in old:
            yield Difference(code, _("Action ajoutée au plan"), "", new[code]["title"])
        else:
            yield from changes_of_action(code, old[code], new[code])


def changes_of_action(code, old, new):
    if old["group"] != new["group"] or old["left_out_reason"] != new["left_out_reason"]:
        yield Difference(
            code, _("Action changée de groupe"), old["group_label"], new["group_label"]
        )
    if old["status"] != new["status"]:
        yield Difference(
            code, _("Statut au 31 décembre modifié"), old["status_label"], new["status_label"]
        )
    if old["progress"] != new["progress"]:
        yield Difference(
            code, _("Avancement modifié"), f"{old['progress']} %", f"{new['progress']} %"
        )
    old_indicators = {(i["name"], i["unit"]): i for i in old["indicators"]}
    new_indicators = {(i["name"], i["unit"]): i for i in new["indicators"]}
    for name, unit in sorted(old_indicators.keys() | new_indicators.keys()):
        was, now = old_indicators.get((name, unit)), new_indicators.get((name, unit))
        subject = f"{code} — {name} ({unit})"
        if was is None or now is None:
            change = _("Indicateur ajouté") if was is None else _("Indicateur retiré")
            yield Difference(subject, change, _value(was), _value(now))
        elif was["value"] != now["value"] or was["target"] != now["target"]:
            yield Difference(subject, _("Valeur d'indicateur modifiée"), _value(was), _value(now))


def _value(indicator):
    if indicator is None:
        return ""
    value, target = (
        floatformat(indicator[key], "-2") if indicator[key] is not None else "—"
        for key in ("value", "target")
    )
    return _("%(value)s (cible %(target)s)") % {"value": value, "target": target}


def recommendation_differences(before, live):
    old = {r["key"]: r for r in before["recommendations"]}
    new = {r["key"]: r for r in live["recommendations"]}
    for key in sorted(old.keys() & new.keys()):
        if old[key]["follow_up"] != new[key]["follow_up"]:
            yield Difference(
                key,
                _("Suivi de la recommandation modifié"),
                old[key]["follow_up_label"],
                new[key]["follow_up_label"],
            )


def figure_differences(before, live):
    """Figures whose value changed (which records moved is said by the lines above)."""
    old = {(f["key"], f["axis_code"]): f for f in before["figures"]}
    new = {(f["key"], f["axis_code"]): f for f in live["figures"]}
    axes = {a["code"]: f"{a['number']}. {a['name']}" for a in before["axes"] + live["axes"]}
    for key in dict.fromkeys([*new, *old]):
        was, now = old.get(key), new.get(key)
        if was and now and was["value"] == now["value"]:
            continue
        figure = now or was
        subject = figure["label"]
        if figure["axis_code"]:
            subject = _("%(figure)s — axe %(axis)s") % {
                "figure": subject,
                "axis": axes[figure["axis_code"]],
            }
        yield Difference(subject, _("Chiffre modifié"), _figure(was), _figure(now))


def _figure(figure):
    if figure is None:
        return ""
    if not figure["codes"]:
        return str(figure["value"])
    return f"{figure['value']} : {', '.join(figure['codes'])}"
