"""The report as files: a printable HTML page, its PDF, one CSV with its data dictionary, an XLSX.

All spreadsheet conventions come from cai.spreadsheets (BOM and ";", a "," variant, cells
that look like formulas neutralised, a data dictionary with every export).

Layout of the CSV: one table for the whole report, one line per thing reported. The first
column, "rubrique", says what the line is about, and decides which columns it fills (the
other columns stay empty); "code du plan" and "année" are on every line:

- chiffre: one figure of the report (code, axe for the figures per axis, libellé, nombre,
  codes liés: the records it counts);
- action: one action of the plan, in the report or not (groupe says where, and why not);
- indicateur: one indicator of an action, with its target and the value of the year;
- espace, reunion, organisation: the concertation of the year;
- recommandation: a recommendation answered by the plan's actions (codes liés: those actions);
- constat: a finding of the plan's diagnostics (codes liés: the actions answering it).

The XLSX workbook has the same lines, one sheet per rubrique, and a "Dictionnaire" sheet;
the CSV's dictionary is a separate "<nom>-dictionnaire.csv" file.

The PDF is the HTML page printed by WeasyPrint with the print rules of the stylesheet: the
same document as the browser prints, A4, with page numbers.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from cai.spreadsheets import SEMICOLON, Column, csv_bytes, dictionary_csv_bytes, xlsx_bytes

STYLESHEET = "css/report.css"
# Page footers (title, page number) for WeasyPrint only: see the file's own comment.
PDF_STYLESHEET = "css/report-pdf.css"


def render_html(report):
    """A standalone HTML document: the stylesheet is inside, so a stored copy prints as is."""
    with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    return render_to_string("plans/report_document.html", {"report": report, "stylesheet": css})


# The address the PDF's document is read at: a name that never resolves (RFC 2606), so that
# "/static/..." in the report names one of the application's static files and nothing else.
PDF_BASE_URL = "https://rapport.invalid/"


def render_pdf(report):
    return html_to_pdf(render_html(report))


def html_to_pdf(html):
    """The PDF of a report's HTML document (inline SVG charts included), tagged for screen
    readers (PDF/UA). Nothing is fetched from the network: see StaticFilesOnly."""
    # Imported here: WeasyPrint loads the system's Pango on import, and everything else in
    # the application runs without it.
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_files_only())
    pages = CSS(filename=finders.find(PDF_STYLESHEET))
    return document.write_pdf(stylesheets=[pages], pdf_variant="pdf/ua-1")


def _static_files_only():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's fetcher restricted to the application's own static files (found as
        collectstatic would find them) and data: URLs written in the document; any other
        address is refused, and WeasyPrint leaves that resource out."""

        def __init__(self):
            super().__init__(allowed_protocols=["data"], allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            with open(path, "rb") as static_file:
                body = static_file.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesOnly()


def _static_path(url):
    prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
    name = posixpath.normpath(unquote(urlsplit(url).path)).removeprefix(settings.STATIC_URL)
    path = None
    if url.startswith(prefix) and not name.startswith(("/", "..")):
        path = finders.find(name)
    if path is None:
        raise ValueError(f"Not one of the application's static files: {url}")
    return path


# --- The columns, each with its description for the data dictionary --------------------------


def _field(key, header, description):
    return key, Column(header, description, lambda row: row.get(key))


FIELDS = dict(
    [
        _field(
            "rubrique",
            _("rubrique"),
            _(
                "Ce que décrit la ligne (code fixe) : chiffre, action, indicateur, espace, "
                "reunion, organisation, recommandation ou constat"
            ),
        ),
        _field("plan_code", _("code du plan"), _("Code stable du plan")),
        _field("year", _("année"), _("Année du rapport")),
        _field(
            "axis_code",
            _("code de l'axe"),
            _("Code stable de l'axe de droits fondamentaux (chiffres par axe, actions, constats)"),
        ),
        _field("axis_name", _("axe de droits"), _("Intitulé de l'axe de droits fondamentaux")),
        _field(
            "group",
            _("groupe"),
            _(
                "Où l'action se range : réalisée dans l'année, en cours au 31 décembre, "
                "perspective pour l'année suivante, ou non reprise avec la raison"
            ),
        ),
        _field("action_code", _("code de l'action"), _("Code de l'action, unique dans son plan")),
        _field("action_title", _("action"), _("Intitulé de l'action")),
        _field(
            "status",
            _("statut au 31 décembre"),
            _("Statut selon le dernier point d'avancement daté au plus tard le 31 décembre"),
        ),
        _field(
            "progress",
            _("avancement au 31 décembre (%)"),
            _("Avancement selon ce même point, de 0 à 100 (aucun point : 0)"),
        ),
        _field(
            "done_on",
            _("réalisée le"),
            _("Date du point qui a dit l'action réalisée (jj/mm/aaaa)"),
        ),
        _field(
            "lead_code",
            _("code de l'organisation porteuse"),
            _("Code stable de l'organisation qui porte l'action"),
        ),
        _field("lead_name", _("organisation porteuse"), _("Nom de l'organisation porteuse")),
        _field(
            "partner_codes",
            _("codes des partenaires"),
            _("Codes stables des organisations partenaires, séparés par des virgules"),
        ),
        _field(
            "partners",
            _("partenaires"),
            _("Organisations partenaires avec leur rôle entre parenthèses"),
        ),
        _field(
            "commune_codes",
            _("codes INS des communes"),
            _("Codes INS des communes où l'action est menée, séparés par des virgules"),
        ),
        _field("communes", _("communes"), _("Noms des communes")),
        _field("indicator", _("indicateur"), _("Intitulé de l'indicateur")),
        _field("indicator_kind", _("type d'indicateur"), _("Réalisation ou résultat")),
        _field("unit", _("unité"), _("Unité de l'indicateur")),
        _field("target", _("cible"), _("Cible de l'indicateur (vide si aucune)")),
        _field(
            "value",
            _("valeur de l'année"),
            _("Valeur atteinte pendant l'année du rapport (vide si non encodée)"),
        ),
        _field(
            "code",
            _("code"),
            _(
                "Code stable de ce que décrit la ligne : clé du chiffre, code de l'espace ou "
                "de l'organisation, « mémorandum/code » de la recommandation, « diagnostic/"
                "code » du constat"
            ),
        ),
        _field(
            "label",
            _("libellé"),
            _("Libellé du chiffre, nom de l'espace, de la réunion ou de l'organisation, texte"),
        ),
        _field(
            "kind",
            _("type"),
            _("Type d'espace, type de réunion ou nature du constat"),
        ),
        _field("held_on", _("date"), _("Date de la réunion (jj/mm/aaaa)")),
        _field(
            "space_code",
            _("code de l'espace"),
            _("Code de l'espace de concertation de la réunion (vide pour une réunion du plan)"),
        ),
        _field("memorandum", _("mémorandum"), _("Mémorandum de la recommandation")),
        _field("level", _("niveau de pouvoir visé"), _("Niveau visé par la recommandation")),
        _field("follow_up", _("suivi"), _("Suivi de la recommandation")),
        _field("diagnostic", _("diagnostic"), _("Diagnostic du constat")),
        _field("priority", _("priorité"), _("Priorité du constat")),
        _field(
            "meetings",
            _("réunions"),
            _(
                "Réunions tenues dans l'année : celles de l'espace, ou celles où "
                "l'organisation était présente"
            ),
        ),
        _field(
            "organisations",
            _("organisations"),
            _("Nombre d'organisations présentes à la réunion"),
        ),
        _field(
            "people",
            _("personnes"),
            _(
                "Personnes présentes : à la réunion (organisations et autres participants), "
                "ou venues de l'organisation sur l'année"
            ),
        ),
        _field("number", _("nombre"), _("Valeur du chiffre")),
        _field(
            "linked",
            _("codes liés"),
            _(
                "Ce qui est derrière la ligne : les codes comptés par le chiffre, les actions "
                "qui répondent à la recommandation ou au constat"
            ),
        ),
    ]
)


# --- The lines of each rubrique --------------------------------------------------------------


def _join(items):
    return ", ".join(items)


def figure_lines(report):
    for figure in report.figures:
        yield {
            "code": figure.key,
            "axis_code": figure.axis_code,
            "label": figure.label,
            "number": figure.value,
            "linked": _join(figure.codes),
        }


def action_lines(report):
    for action in report.actions:
        yield {
            "axis_code": action.axis_code,
            "axis_name": action.axis_name,
            "group": action.group_label,
            "action_code": action.code,
            "action_title": action.title,
            "status": action.status_label,
            "progress": action.progress,
            "done_on": action.done_on,
            "lead_code": action.lead_code,
            "lead_name": action.lead_name,
            "partner_codes": _join(p.code for p in action.partners),
            "partners": _join(f"{p.name} ({p.role_label.lower()})" for p in action.partners),
            "commune_codes": _join(c.nis_code for c in action.communes),
            "communes": _join(c.name for c in action.communes),
        }


def indicator_lines(report):
    for action in report.actions:
        for indicator in action.indicators:
            yield {
                "axis_code": action.axis_code,
                "group": action.group_label,
                "action_code": action.code,
                "action_title": action.title,
                "indicator": indicator.name,
                "indicator_kind": indicator.kind_label,
                "unit": indicator.unit,
                "target": indicator.target,
                "value": indicator.value,
            }


def space_lines(report):
    for space in report.concertation.spaces:
        yield {
            "code": space.code,
            "label": space.name,
            "kind": space.kind_label,
            "meetings": space.meeting_count,
        }


def meeting_lines(report):
    for meeting in report.concertation.meetings:
        yield {
            "held_on": meeting.held_on,
            "label": meeting.title,
            "kind": meeting.kind_label,
            "space_code": meeting.space_code,
            "organisations": meeting.organisation_count,
            "people": meeting.people_count,
        }


def organisation_lines(report):
    for organisation in report.concertation.organisations:
        yield {
            "code": organisation.code,
            "label": organisation.name,
            "meetings": organisation.meeting_count,
            "people": organisation.people_count,
        }


def recommendation_lines(report):
    for recommendation in report.recommendations:
        yield {
            "code": recommendation.key,
            "label": recommendation.text,
            "memorandum": recommendation.memorandum_title,
            "level": recommendation.level_label,
            "follow_up": recommendation.follow_up_label,
            "linked": _join(recommendation.action_codes),
        }


def finding_lines(report):
    for finding in report.findings:
        yield {
            "code": finding.key,
            "label": finding.statement,
            "kind": finding.kind_label,
            "diagnostic": finding.diagnostic_title,
            "axis_code": finding.axis_code,
            "axis_name": finding.axis_name,
            "priority": finding.priority_label,
            "linked": _join(finding.action_codes),
        }


# (rubrique, XLSX sheet, its columns, its lines)
RUBRIQUES = [
    ("chiffre", _("Chiffres"), ["code", "axis_code", "label", "number", "linked"], figure_lines),
    (
        "action",
        _("Actions"),
        [
            "axis_code",
            "axis_name",
            "group",
            "action_code",
            "action_title",
            "status",
            "progress",
            "done_on",
            "lead_code",
            "lead_name",
            "partner_codes",
            "partners",
            "commune_codes",
            "communes",
        ],
        action_lines,
    ),
    (
        "indicateur",
        _("Indicateurs"),
        [
            "axis_code",
            "group",
            "action_code",
            "action_title",
            "indicator",
            "indicator_kind",
            "unit",
            "target",
            "value",
        ],
        indicator_lines,
    ),
    ("espace", _("Espaces"), ["code", "label", "kind", "meetings"], space_lines),
    (
        "reunion",
        _("Réunions"),
        ["held_on", "label", "kind", "space_code", "organisations", "people"],
        meeting_lines,
    ),
    (
        "organisation",
        _("Organisations"),
        ["code", "label", "meetings", "people"],
        organisation_lines,
    ),
    (
        "recommandation",
        _("Recommandations"),
        ["code", "label", "memorandum", "level", "follow_up", "linked"],
        recommendation_lines,
    ),
    (
        "constat",
        _("Constats"),
        ["code", "label", "kind", "diagnostic", "axis_code", "axis_name", "priority", "linked"],
        finding_lines,
    ),
]

# Every line of every file carries these: stable codes that say what the line belongs to.
ON_EVERY_LINE = ["plan_code", "year"]
CSV_COLUMNS = [FIELDS[key] for key in FIELDS]


def _lines(report, rubrique, lines):
    for line in lines(report):
        yield {"rubrique": rubrique, "plan_code": report.plan_code, "year": report.year, **line}


def render_csv(report, delimiter=SEMICOLON):
    rows = (
        line
        for rubrique, _sheet, _keys, lines in RUBRIQUES
        for line in _lines(report, rubrique, lines)
    )
    return csv_bytes(CSV_COLUMNS, rows, delimiter)


def render_csv_dictionary(delimiter=SEMICOLON):
    """The data dictionary of the CSV (the same for every report)."""
    return dictionary_csv_bytes(CSV_COLUMNS, delimiter)


def render_xlsx(report):
    sheets = [
        (sheet, [FIELDS[key] for key in [*ON_EVERY_LINE, *keys]], _lines(report, rubrique, lines))
        for rubrique, sheet, keys, lines in RUBRIQUES
    ]
    used = [*ON_EVERY_LINE, *(key for _r, _s, keys, _l in RUBRIQUES for key in keys)]
    return xlsx_bytes(sheets, [FIELDS[key] for key in dict.fromkeys(used)])
