"""The annual report in the admin, from a plan's page: the report of a year, its files,
freezing it when the plenary is held, the frozen files and what changed since.

PlanAdmin.get_urls adds these pages behind admin_view (staff only). Seeing the report,
downloading it and comparing need the right to change the plan; freezing also needs
"plans.freeze_report"; the frozen files need the right to view frozen reports.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cai.spreadsheets import COMMA, SEMICOLON

from ..models import FrozenReport, Plan
from .build import build_report
from .data import is_report_year
from .freezing import compare_with_live, freezable_from, freeze_report
from .render import render_csv, render_csv_dictionary, render_html, render_pdf, render_xlsx

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML_TYPE = "text/html; charset=utf-8"
PDF_TYPE = "application/pdf"

# file format in the address → (how to make it from a live report, file name suffix, type)
LIVE_FILES = {
    "html": (lambda r: render_html(r).encode(), ".html", HTML_TYPE),
    "csv": (lambda r: render_csv(r, SEMICOLON), ".csv", CSV_TYPE),
    "csv-virgule": (lambda r: render_csv(r, COMMA), "-virgule.csv", CSV_TYPE),
    "dictionnaire": (lambda r: render_csv_dictionary(SEMICOLON), "-dictionnaire.csv", CSV_TYPE),
    "dictionnaire-virgule": (
        lambda r: render_csv_dictionary(COMMA),
        "-virgule-dictionnaire.csv",
        CSV_TYPE,
    ),
    "xlsx": (render_xlsx, ".xlsx", XLSX_TYPE),
    "pdf": (render_pdf, ".pdf", PDF_TYPE),
}

# file format in the address → (stored field, file name suffix, type)
FROZEN_FILES = {
    "html": ("html", "-fige.html", HTML_TYPE),
    "csv": ("csv", "-fige.csv", CSV_TYPE),
    "dictionnaire": ("csv_dictionary", "-fige-dictionnaire.csv", CSV_TYPE),
    "xlsx": ("xlsx", "-fige.xlsx", XLSX_TYPE),
    "pdf": ("pdf", "-fige.pdf", PDF_TYPE),
}


def report_urls(model_admin):
    def wrap(view):
        return model_admin.admin_site.admin_view(partial(view, model_admin=model_admin))

    prefix = "<int:plan_id>/rapport/"
    return [
        path(prefix, wrap(report_page), name="plans_plan_report"),
        path(f"{prefix}<int:year>/figer/", wrap(freeze_page), name="plans_plan_report_freeze"),
        path(
            f"{prefix}<int:year>/comparer/",
            wrap(comparison_page),
            name="plans_plan_report_compare",
        ),
        path(
            f"{prefix}<int:year>/fige/<slug:file_format>/",
            wrap(frozen_download),
            name="plans_plan_report_frozen",
        ),
        path(
            f"{prefix}<int:year>/<slug:file_format>/",
            wrap(report_download),
            name="plans_plan_report_download",
        ),
    ]


def _plan_to_report(request, plan_id, model_admin, year=None):
    plan = get_object_or_404(Plan, pk=plan_id)
    if not model_admin.has_change_permission(request, plan):
        raise PermissionDenied
    if year is not None and not is_report_year(year):
        raise Http404(_("Pas de rapport pour cette année."))
    return plan


def _chosen_year(request):
    """The year asked for (?annee=), or last year: the one whose plenary comes now."""
    last_year = timezone.localdate().year - 1
    asked = request.GET.get("annee", "")
    if asked.isdigit() and is_report_year(int(asked)):
        return int(asked)
    return last_year


def _years(plan, year):
    """The years offered: the plan's period, the frozen ones, last year and the one shown."""
    years = {year, timezone.localdate().year - 1}
    if plan.start_year:
        years.update(range(plan.start_year, (plan.end_year or plan.start_year) + 1))
    years.update(plan.frozen_reports.values_list("year", flat=True))
    return sorted(years, reverse=True)


def _freezing_window(year):
    """From when the year's report may be frozen, and whether that day has come."""
    freezable_on = freezable_from(year)
    return {"freezable_on": freezable_on, "is_freezable": timezone.localdate() >= freezable_on}


def _context(request, model_admin, plan, year, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Plan._meta,
        "plan": plan,
        "year": year,
        **extra,
    }


def _file_name(plan, year):
    return f"rapport-{plan.code}-{year}"


def _file_response(content, file_name, content_type):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if content_type == HTML_TYPE else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name}"'
    return response


@require_safe
def report_page(request, plan_id, *, model_admin):
    plan = _plan_to_report(request, plan_id, model_admin)
    year = _chosen_year(request)
    frozen = plan.frozen_reports.without_files().select_related("frozen_by").filter(year=year)
    context = _context(
        request,
        model_admin,
        plan,
        year,
        title=_("Rapport annuel %(year)s — %(plan)s") % {"year": year, "plan": plan},
        years=_years(plan, year),
        report=build_report(plan=plan, year=year),
        frozen=frozen.first(),
        can_freeze=request.user.has_perm("plans.freeze_report"),
        **_freezing_window(year),
        stylesheet="css/report.css",
    )
    return TemplateResponse(request, "plans/report_admin.html", context)


@require_safe
def report_download(request, plan_id, year, file_format, *, model_admin):
    plan = _plan_to_report(request, plan_id, model_admin, year)
    if file_format not in LIVE_FILES:
        raise Http404(_("Format inconnu."))
    make, suffix, content_type = LIVE_FILES[file_format]
    content = make(build_report(plan=plan, year=year))
    return _file_response(content, _file_name(plan, year) + suffix, content_type)


@require_http_methods(["GET", "HEAD", "POST"])
def freeze_page(request, plan_id, year, *, model_admin):
    plan = _plan_to_report(request, plan_id, model_admin, year)
    if not request.user.has_perm("plans.freeze_report"):
        raise PermissionDenied
    report_url = f"{reverse('admin:plans_plan_report', args=[plan.pk])}?annee={year}"
    if request.method == "POST":
        try:
            freeze_report(plan=plan, year=year, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Le rapport %(year)s est figé : ses fichiers ne changeront plus.")
                % {"year": year},
            )
        return redirect(report_url)
    context = _context(
        request,
        model_admin,
        plan,
        year,
        title=_("Figer le rapport %(year)s") % {"year": year},
        report_url=report_url,
        frozen=plan.frozen_reports.without_files().filter(year=year).first(),
        **_freezing_window(year),
    )
    return TemplateResponse(request, "plans/report_freeze_confirm.html", context)


@require_safe
def comparison_page(request, plan_id, year, *, model_admin):
    plan = _plan_to_report(request, plan_id, model_admin, year)
    frozen = get_object_or_404(
        FrozenReport.objects.select_related("frozen_by"), plan=plan, year=year
    )
    context = _context(
        request,
        model_admin,
        plan,
        year,
        title=_("Rapport %(year)s : le rapport figé et les chiffres actuels") % {"year": year},
        frozen=frozen,
        differences=compare_with_live(frozen),
        report_url=f"{reverse('admin:plans_plan_report', args=[plan.pk])}?annee={year}",
    )
    return TemplateResponse(request, "plans/report_comparison.html", context)


@require_safe
def frozen_download(request, plan_id, year, file_format, *, model_admin):
    """The stored file of a frozen report, exactly as it was stored."""
    if not request.user.has_perm("plans.view_frozenreport"):
        raise PermissionDenied
    if file_format not in FROZEN_FILES:
        raise Http404(_("Format inconnu."))
    frozen = get_object_or_404(
        FrozenReport.objects.select_related("plan"), plan_id=plan_id, year=year
    )
    field, suffix, content_type = FROZEN_FILES[file_format]
    content = getattr(frozen, field)
    content = content.encode() if isinstance(content, str) else bytes(content)
    return _file_response(content, _file_name(frozen.plan, year) + suffix, content_type)
