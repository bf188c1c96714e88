"""CSV downloads of the public lists, streamed row by row.

The files open as they should in Excel on a Belgian French PC: UTF-8 with a byte order mark,
";" between columns, dates as dd/mm/yyyy, stable codes (NIS, plan code, action code) in
their own columns. A cell that starts like a formula is neutralised so that nothing runs
when the file is opened.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 1000


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def neutralise(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def stream_csv(filename, columns, rows):
    """A streamed CSV download: `columns` is a list of (header, function of a row)."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow([str(header) for header, _value in columns])
        for row in rows:
            yield writer.writerow([neutralise(value(row)) for _header, value in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _names(items):
    return ", ".join(str(item) for item in items)


ACTION_COLUMNS = [
    (_("code du plan"), lambda a: a.plan.code),
    (_("plan"), lambda a: a.plan.title),
    (_("code de l'action"), lambda a: a.code),
    (_("action"), lambda a: a.title),
    (_("code de l'axe"), lambda a: a.axis.code),
    (_("axe de droits"), lambda a: a.axis.name),
    (_("statut"), lambda a: a.get_status_display()),
    (_("avancement (%)"), lambda a: a.progress),
    (_("code de l'organisation porteuse"), lambda a: a.lead_organisation.code),
    (_("organisation porteuse"), lambda a: a.lead_organisation.name),
    (_("partenaires"), lambda a: _names(p.organisation for p in a.partnerships.all())),
    (_("codes INS des communes"), lambda a: ", ".join(c.nis_code for c in a.communes.all())),
    (_("communes"), lambda a: _names(a.communes.all())),
    (_("début"), lambda a: a.started_on),
    (_("fin"), lambda a: a.ended_on),
]


def actions_csv(queryset, filename):
    rows = queryset.prefetch_related("partnerships__organisation").iterator(CHUNK_SIZE)
    return stream_csv(filename, ACTION_COLUMNS, rows)


MILESTONE_COLUMNS = [
    (_("date"), lambda m: m.date_display),
    (_("titre"), lambda m: m.title),
    (_("code du plan"), lambda m: m.plan.code if m.plan else ""),
    (_("essentiel pour"), lambda m: _names(m.audiences.all())),
    (_("axes d'intervention"), lambda m: _names(m.intervention_axes.all())),
    (_("thématiques"), lambda m: _names(m.themes.all())),
    (_("récit"), lambda m: m.narrative),
]


def milestones_csv(queryset, filename):
    return stream_csv(filename, MILESTONE_COLUMNS, queryset.iterator(CHUNK_SIZE))
