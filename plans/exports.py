"""CSV downloads of the public lists, streamed row by row (conventions in cai.spreadsheets)."""

from django.utils.translation import gettext_lazy as _

from cai.spreadsheets import Column, streamed_csv_response

CHUNK_SIZE = 1000


def _names(items):
    return ", ".join(str(item) for item in items)


ACTION_COLUMNS = [
    Column(_("code du plan"), _("Code stable du plan"), lambda a: a.plan.code),
    Column(_("plan"), _("Intitulé du plan"), lambda a: a.plan.title),
    Column(_("code de l'action"), _("Code de l'action, unique dans son plan"), lambda a: a.code),
    Column(_("action"), _("Intitulé de l'action"), lambda a: a.title),
    Column(_("code de l'axe"), _("Code de l'axe de droits fondamentaux"), lambda a: a.axis.code),
    Column(_("axe de droits"), _("Intitulé de l'axe de droits"), lambda a: a.axis.name),
    Column(
        _("statut"),
        _("Statut selon le dernier point d'avancement"),
        lambda a: a.get_status_display(),
    ),
    Column(
        _("avancement (%)"),
        _("Avancement selon le dernier point, de 0 à 100"),
        lambda a: a.progress,
    ),
    Column(
        _("code de l'organisation porteuse"),
        _("Code stable de l'organisation qui porte l'action"),
        lambda a: a.lead_organisation.code,
    ),
    Column(
        _("organisation porteuse"),
        _("Nom de l'organisation porteuse"),
        lambda a: a.lead_organisation.name,
    ),
    Column(
        _("partenaires"),
        _("Organisations partenaires, séparées par des virgules"),
        lambda a: _names(p.organisation for p in a.partnerships.all()),
    ),
    Column(
        _("codes INS des communes"),
        _("Codes INS des communes où l'action est menée, séparés par des virgules"),
        lambda a: ", ".join(c.nis_code for c in a.communes.all()),
    ),
    Column(_("communes"), _("Noms des communes"), lambda a: _names(a.communes.all())),
    Column(_("début"), _("Date de début (jj/mm/aaaa)"), lambda a: a.started_on),
    Column(_("fin"), _("Date de fin (jj/mm/aaaa)"), lambda a: a.ended_on),
]


def actions_csv(queryset, filename):
    rows = queryset.prefetch_related("partnerships__organisation").iterator(CHUNK_SIZE)
    return streamed_csv_response(filename, ACTION_COLUMNS, rows)


MILESTONE_COLUMNS = [
    Column(_("date"), _("Date, aussi précise qu'elle est connue"), lambda m: m.date_display),
    Column(_("titre"), _("Titre du jalon"), lambda m: m.title),
    Column(
        _("code du plan"),
        _("Codes des plans concernés, s'il y en a"),
        lambda m: ", ".join(plan.code for plan in m.plans.all()),
    ),
    Column(
        _("essentiel pour"),
        _("Publics pour qui le jalon compte"),
        lambda m: _names(m.audiences.all()),
    ),
    Column(
        _("axes d'intervention"),
        _("Axes stratégiques d'intervention du CAI"),
        lambda m: _names(m.intervention_axes.all()),
    ),
    Column(
        _("publics ciblés"),
        _("Publics ciblés par l'activité"),
        lambda m: _names(m.target_publics.all()),
    ),
    Column(_("thématiques"), _("Thématiques"), lambda m: _names(m.themes.all())),
    Column(_("récit"), _("Récit du jalon"), lambda m: m.narrative),
]


def milestones_csv(queryset, filename):
    return streamed_csv_response(filename, MILESTONE_COLUMNS, queryset.iterator(CHUNK_SIZE))
