"""What plans exchange as spreadsheets: actions, their updates and indicators, the findings
of diagnostics, the recommendations of memorandums, and the CAI's history cards with their
sources.

Every line is matched on codes a coordinator can read: an action is its plan's code and its
own code, an update is its action and its date, a finding is its diagnostic's code and its
own. Column headers are the file format, the same in every language of the interface; their
meaning is translated (the data dictionary).
"""

from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from import_export.results import Error

from cai.exchange import columns, widgets
from cai.exchange.formats import SpreadsheetError, table
from cai.exchange.resources import ExchangeResource, describe_problems
from cai.models import (
    Acronym,
    Audience,
    Commune,
    DatePrecision,
    InterventionAxis,
    Organisation,
    RightsAxis,
    TargetPublic,
    Theme,
)
from concertation.models import Space

from .models import (
    Action,
    ActionPartner,
    ActionUpdate,
    Diagnostic,
    Finding,
    Indicator,
    Memorandum,
    Milestone,
    MilestoneSource,
    Objective,
    Plan,
    Recommendation,
)

UNKNOWN_PLAN = _("plan inconnu : %(value)s")
UNKNOWN_AXIS = _("axe de droits inconnu : %(value)s")
UNKNOWN_ORGANISATION = _("organisation inconnue : %(value)s")
UNKNOWN_COMMUNE = _("commune inconnue : %(value)s")
UNKNOWN_THEME = _("thématique inconnue : %(value)s")
UNKNOWN_ACTION = _("action inconnue dans le plan « %(scope)s » : %(value)s")


def plan_column():
    return columns.reference(
        "plan", "plan", Plan, _("Code du plan (par ex. ppli-2)."), unknown=UNKNOWN_PLAN
    )


def plan_of_action_column():
    return columns.context(
        "action__plan__code", "plan", _("Code du plan de l'action (par ex. ppli-2).")
    )


def action_column(description):
    return columns.reference(
        "action",
        "action",
        Action,
        description,
        unknown=UNKNOWN_ACTION,
        scope=("plan__code", "plan"),
    )


def axis_column():
    return columns.reference(
        "axis",
        "axe",
        RightsAxis,
        _("Code de l'axe de droits (par ex. pcs2020-2)."),
        unknown=UNKNOWN_AXIS,
    )


def communes_column(description):
    return columns.references(
        "communes", "communes", Commune, description, field="nis_code", unknown=UNKNOWN_COMMUNE
    )


def themes_column():
    return columns.references(
        "themes",
        "thématiques",
        Theme,
        _("Codes des thématiques, séparés par des virgules."),
        field="slug",
        unknown=UNKNOWN_THEME,
    )


def target_publics_column(column):
    return columns.references(
        "target_publics",
        column,
        TargetPublic,
        _("Codes des publics ciblés, séparés par des virgules."),
        field="slug",
        unknown=_("public ciblé inconnu : %(value)s"),
    )


# --- Actions ---------------------------------------------------------------------------------


class PartnersWidget(widgets.CodeListWidget):
    """The partners of an action and their role: "cpas-namur (operational), clps (co_lead)".

    The role is the code or the label of ActionPartner.Role; without one, a partner is an
    operational partner.
    """

    def __init__(self):
        super().__init__(Organisation, unknown=UNKNOWN_ORGANISATION)
        self.roles = widgets.ChoiceWidget(ActionPartner.Role)

    def partners(self, value):
        """(organisation code, role text) pairs, one per organisation."""
        partners = {}
        for item in widgets.LIST_SEPARATORS.split(widgets.cell_text(value)):
            organisation, _open, role = item.partition("(")
            if organisation.strip():
                partners[organisation.strip()] = role.rstrip(") ").strip()
        return list(partners.items())

    def prepare(self, column, rows):
        self.cache.fetch((code,) for row in rows for code, _role in self.partners(row.get(column)))

    def clean(self, value, row=None, **kwargs):
        partners = self.partners(value)
        organisations = self.objects([code for code, _role in partners])
        return [
            (organisation, self.roles.clean(role) or ActionPartner.Role.OPERATIONAL)
            for organisation, (_code, role) in zip(organisations, partners, strict=True)
        ]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(sorted(f"{organisation.code} ({role})" for organisation, role in value))

    def formatter(self):
        # An export reads each partner written already (PartnersField.exported_links).
        return widgets.codes_cell

    def describe(self):
        return self.roles.describe()


class PartnersField(columns.RelatedCodesField):
    """An action's partners live in ActionPartner rows, which carry the role."""

    def load(self, instances):
        partners = (
            ActionPartner.objects.filter(action__in=instances)
            .order_by()
            .values_list("action_id", "organisation_id", "role")
        )
        self.store(instances, partners, make=lambda organisation, role: (organisation, role))

    def query_links(self, instance):
        partnerships = instance.partnerships.select_related("organisation")
        return [(partner.organisation, partner.role) for partner in partnerships]

    def exported_links(self, model):
        # Each partner as PartnersWidget.render() writes it: "cpas-namur (operational)".
        partner = Concat(
            "organisation__code", Value(" ("), "role", Value(")"), output_field=CharField()
        )
        return ActionPartner, "action", partner

    def write(self, instance, partners, new_links):
        current = {organisation.pk: role for organisation, role in self.current(instance)}
        wanted = {organisation.pk: role for organisation, role in partners}
        dropped = [pk for pk in current if pk not in wanted]
        if dropped:
            instance.partnerships.filter(organisation__in=dropped).delete()
        for pk, role in wanted.items():
            if pk not in current:
                new_links[ActionPartner].append(
                    (instance, "action_id", {"organisation_id": pk, "role": role})
                )
            elif current[pk] != role:
                instance.partnerships.filter(organisation=pk).update(role=role)


class ActionResource(ExchangeResource):
    """Action tables, one fiche action a line, matched on its plan's code and its own.

    Status and progress are not columns: they follow the action's updates, imported with
    ActionUpdateResource.
    """

    plan_path = "plan_id"

    # Action.clean() checks the axis and the objective against the plan.
    clean_reads = {"plan", "axis", "objective"}

    plan = plan_column()
    code = columns.text(
        "code", "code", _("Code de l'action, unique dans son plan (par ex. A-2.3).")
    )
    title = columns.text("title", "intitulé", _("Intitulé de l'action."))
    description = columns.text("description", "description", _("Description de l'action."))
    objective = columns.reference(
        "objective",
        "objectif",
        Objective,
        _("Code de l'objectif du même plan auquel l'action répond (facultatif)."),
        unknown=_("objectif inconnu dans le plan « %(scope)s » : %(value)s"),
        scope=("plan__code", "plan"),
    )
    axis = axis_column()
    themes = themes_column()
    intervention_axes = columns.references(
        "intervention_axes",
        "axes d'intervention",
        InterventionAxis,
        _("Codes des axes d'intervention du CAI, séparés par des virgules."),
        field="slug",
        unknown=_("axe d'intervention inconnu : %(value)s"),
    )
    target_publics = target_publics_column("publics ciblés")
    communes = communes_column(
        _("Codes INS des communes où l'action est menée, séparés par des virgules.")
    )
    lead_organisation = columns.reference(
        "lead_organisation",
        "organisation porteuse",
        Organisation,
        _("Code de l'organisation qui porte l'action."),
        unknown=UNKNOWN_ORGANISATION,
    )
    partners = PartnersField(
        "partnerships",
        "partenaires",
        PartnersWidget(),
        _(
            "Codes des organisations partenaires, séparés par des virgules, chacun suivi de "
            "son rôle entre parenthèses : cpas-namur (operational). Sans rôle : operational."
        ),
    )
    concertation_space = columns.reference(
        "concertation_space",
        "espace de concertation",
        Space,
        _("Code de l'espace de concertation qui porte l'action (facultatif)."),
        unknown=_("espace de concertation inconnu : %(value)s"),
    )
    started_on = columns.date("started_on", "début", _("Date de début (jj/mm/aaaa)."))
    ended_on = columns.date("ended_on", "fin", _("Date de fin (jj/mm/aaaa)."))
    pcs_action_reference = columns.text(
        "pcs_action_reference",
        "action PCS liée",
        _("Référence de l'action correspondante du Plan de cohésion sociale."),
    )
    internal_note = columns.text(
        "internal_note", "note interne", _("Note interne, jamais affichée publiquement.")
    )
    is_published = columns.boolean(
        "is_published", "publiée", _("oui pour publier l'action (vide : non)."), default=False
    )

    class Meta:
        model = Action
        fields = [
            "plan",
            "code",
            "title",
            "description",
            "objective",
            "axis",
            "themes",
            "intervention_axes",
            "target_publics",
            "communes",
            "lead_organisation",
            "partners",
            "concertation_space",
            "started_on",
            "ended_on",
            "pcs_action_reference",
            "internal_note",
            "is_published",
        ]
        import_id_fields = ["plan", "code"]
        # Action tables run to thousands of lines: rows are written a thousand at a time.
        use_bulk = True
        name = _("Actions")


class ActionUpdateResource(ExchangeResource):
    """Dated updates of actions. Each imported update moves its action's status and
    progress: rows are saved one by one through ActionUpdate.save(), never in bulk."""

    plan_path = "action.plan_id"

    plan = plan_of_action_column()
    action = action_column(_("Code de l'action dans ce plan : avec la date, la clé de la ligne."))
    reported_on = columns.date(
        "reported_on", "date du point", _("Date à laquelle le point est fait (jj/mm/aaaa).")
    )
    status = columns.choice(
        "status", "statut", Action.Status, _("Statut de l'action à cette date.")
    )
    progress = columns.integer(
        "progress", "avancement (%)", _("Avancement en pourcentage, de 0 à 100.")
    )
    note = columns.text("note", "commentaire", _("Ce qui a été fait, ce qui bloque (public)."))

    class Meta:
        model = ActionUpdate
        fields = ["plan", "action", "reported_on", "status", "progress", "note"]
        import_id_fields = ["action", "reported_on"]
        name = _("Points d'avancement")

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None and getattr(user, "is_authenticated", False):
            instance.author = user
        super().before_save_instance(instance, row, **kwargs)


class IndicatorResource(ExchangeResource):
    """Indicators of actions, matched on the action and the indicator's title."""

    plan_path = "action.plan_id"

    plan = plan_of_action_column()
    action = action_column(_("Code de l'action dans ce plan."))
    name = columns.text(
        "name", "intitulé", _("Intitulé de l'indicateur : avec l'action, la clé de la ligne.")
    )
    kind = columns.choice(
        "kind", "type", Indicator.Kind, _("Type d'indicateur."), default=Indicator.Kind.OUTPUT
    )
    unit = columns.text("unit", "unité", _("Unité (séances, participants…)."))
    target = columns.decimal(
        "target", "cible", _("Valeur visée, décimales avec une virgule (12,5).")
    )

    class Meta:
        model = Indicator
        fields = ["plan", "action", "name", "kind", "unit", "target"]
        import_id_fields = ["action", "name"]
        name = _("Indicateurs")


# --- Diagnostics and memorandums -------------------------------------------------------------


class FindingResource(ExchangeResource):
    """Findings of diagnostics, matched on the diagnostic's code and the finding's."""

    plan_path = "diagnostic.plan_id"

    diagnostic = columns.reference(
        "diagnostic",
        "diagnostic",
        Diagnostic,
        _("Code du diagnostic."),
        unknown=_("diagnostic inconnu : %(value)s"),
    )
    code = columns.text("code", "code", _("Code du constat, unique dans son diagnostic (C-12)."))
    kind = columns.choice("kind", "nature", Finding.Kind, _("Nature du constat."))
    statement = columns.text("statement", "constat", _("Le constat lui-même."))
    axis = axis_column()
    themes = themes_column()
    communes = communes_column(_("Codes INS des communes concernées, séparés par des virgules."))
    target_publics = target_publics_column("publics concernés")
    priority = columns.choice(
        "priority",
        "priorité",
        Finding.Priority,
        _("Priorité (vide : moyenne)."),
        default=Finding.Priority.MEDIUM,
    )
    is_published = columns.boolean(
        "is_published", "publié", _("oui si le constat est public (vide : oui)."), default=True
    )

    class Meta:
        model = Finding
        fields = [
            "diagnostic",
            "code",
            "kind",
            "statement",
            "axis",
            "themes",
            "communes",
            "target_publics",
            "priority",
            "is_published",
        ]
        import_id_fields = ["diagnostic", "code"]
        name = _("Constats")


class RecommendationResource(ExchangeResource):
    """Recommendations of memorandums and their follow-up, matched on the memorandum's code
    and the recommendation's."""

    memorandum = columns.reference(
        "memorandum",
        "mémorandum",
        Memorandum,
        _("Code du mémorandum."),
        unknown=_("mémorandum inconnu : %(value)s"),
    )
    code = columns.text("code", "code", _("Code de la recommandation dans le mémorandum (R-7)."))
    text = columns.text("text", "recommandation", _("Texte de la recommandation."))
    theme = columns.reference(
        "theme",
        "thématique",
        Theme,
        _("Code de la thématique."),
        field="slug",
        unknown=UNKNOWN_THEME,
    )
    axis = axis_column()
    level = columns.choice("level", "niveau", Recommendation.Level, _("Niveau de pouvoir visé."))
    cost = columns.choice(
        "cost",
        "coût",
        Recommendation.Cost,
        _("Indication de coût (vide : non évalué)."),
        default=Recommendation.Cost.UNKNOWN,
    )
    follow_up = columns.choice(
        "follow_up",
        "suivi",
        Recommendation.FollowUp,
        _("Ce qu'il est advenu de la recommandation (vide : non reprise)."),
        default=Recommendation.FollowUp.NOT_TAKEN_UP,
    )
    follow_up_note = columns.text(
        "follow_up_note", "précisions sur le suivi", _("Précisions sur le suivi.")
    )

    class Meta:
        model = Recommendation
        fields = [
            "memorandum",
            "code",
            "text",
            "theme",
            "axis",
            "level",
            "cost",
            "follow_up",
            "follow_up_note",
        ]
        import_id_fields = ["memorandum", "code"]
        name = _("Recommandations")


# --- History cards ---------------------------------------------------------------------------

# The second sheet of a workbook of cards: their sources (CSV files have one table each, so
# the sources are exported and imported from the list of sources).
SOURCES_SHEET = _("Sources")


def labels_column(attribute, column, model, description, unknown):
    """A classification of the cards: the ticked labels, separated by ";"."""
    widget = widgets.LabelListWidget(model, unknown=unknown)
    return columns.RelatedCodesField(attribute, column, widget, description)


class CardResource(ExchangeResource):
    """The CAI's history cards, one card a line, matched on the card's address (its slug).

    The four classifications are one column each, their labels separated by ";" as on the
    card; the card's sources are their own table (MilestoneSourceResource), the second sheet
    of the workbook.
    """

    plan_path = "plans"

    slug = columns.text(
        "slug", "adresse", _("Adresse de la fiche (/chronologie/<adresse>/), par ex. 2007-le-pli.")
    )
    card_number = columns.integer(
        "card_number", "numéro de fiche", _("Numéro de la fiche ; vide pour un jalon sans fiche.")
    )
    occurred_on = columns.date(
        "occurred_on", "date", _("Date ; si seuls le mois ou l'année sont connus, le premier jour.")
    )
    precision = columns.choice(
        "precision",
        "précision",
        DatePrecision,
        _("Précision de la date (vide : jour)."),
        default=DatePrecision.DAY,
    )
    title = columns.text("title", "titre", _("Titre de la fiche."))
    narrative = columns.text(
        "narrative",
        "récit",
        _("Le récit tel que la fiche l'écrit : un paragraphe par ligne, « - » pour une liste."),
    )
    in_brief = columns.text("in_brief", "en bref", _("Le visuel « En bref » de la fiche."))
    plans = columns.references(
        "plans",
        "plans",
        Plan,
        _("Codes des plans concernés, séparés par des virgules (vide : aucun)."),
        unknown=UNKNOWN_PLAN,
    )
    audiences = labels_column(
        "audiences",
        "essentiel pour",
        Audience,
        _("Cases cochées de « Cette date est essentielle pour »."),
        _("public « essentiel pour » inconnu : %(value)s"),
    )
    intervention_axes = labels_column(
        "intervention_axes",
        "axes d'intervention",
        InterventionAxis,
        _("Cases cochées des axes stratégiques d'intervention."),
        _("axe d'intervention inconnu : %(value)s"),
    )
    target_publics = labels_column(
        "target_publics",
        "publics ciblés",
        TargetPublic,
        _("Cases cochées des publics ciblés (CAI, opérateurs, personnes)."),
        _("public ciblé inconnu : %(value)s"),
    )
    themes = labels_column(
        "themes",
        "thématiques",
        Theme,
        _("Cases cochées des thématiques (générales et spécifiques)."),
        UNKNOWN_THEME,
    )
    acronyms = columns.references(
        "acronyms",
        "sigles",
        Acronym,
        _(
            "Sigles que la fiche déclare, séparés par des virgules ; leur signification selon "
            "la fiche se corrige dans l'administration."
        ),
        field="acronym",
        unknown=_("sigle inconnu du glossaire : %(value)s"),
    )
    is_published = columns.boolean(
        "is_published", "publié", _("oui si la fiche est publique (vide : non)."), default=False
    )

    class Meta:
        model = Milestone
        fields = [
            "slug",
            "card_number",
            "occurred_on",
            "precision",
            "title",
            "narrative",
            "in_brief",
            "plans",
            "audiences",
            "intervention_axes",
            "target_publics",
            "themes",
            "acronyms",
            "is_published",
        ]
        import_id_fields = ["slug"]
        name = _("Fiches d'histoire")

    def plan_ids_of(self, instance):
        return {plan.pk for plan in self.fields["plans"].get_value(instance)}

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, *args, **kw):
        """The cards, then the workbook's "Sources" sheet in the same transaction: a wrong
        source undoes the whole file."""
        result = super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions, *args, **kw
        )
        rows = getattr(dataset, "other_sheets", {}).get(str(SOURCES_SHEET).casefold())
        if rows is None or result.has_errors():
            return result
        sources = MilestoneSourceResource(editable_plans=self.editable_plans)
        found = sources.import_data_inner(
            table(rows, empty=None), dry_run, raise_errors, using_transactions, *args, **kw
        )
        for problem in describe_problems(found):
            message = _("Feuille « %(sheet)s » — %(problem)s")
            error = SpreadsheetError(message % {"sheet": SOURCES_SHEET, "problem": problem})
            result.append_base_error(Error(error))
        return result


class MilestoneSourceResource(ExchangeResource):
    """The sources of the history cards, one source a line in the card's order, matched on
    the card's address and the source's rank."""

    plan_path = "milestone.plans"

    milestone = columns.reference(
        "milestone",
        "fiche",
        Milestone,
        _("Adresse de la fiche (la colonne « adresse » des fiches)."),
        unknown=_("fiche inconnue : %(value)s"),
        field="slug",
    )
    position = columns.integer("position", "ordre", _("Rang de la source dans la fiche (1, 2…)."))
    kind = columns.choice("kind", "type", MilestoneSource.Kind, _("Type de source."))
    reference = columns.text(
        "reference", "référence", _("La source comme la fiche la cite, sans les pages.")
    )
    pages = columns.text("pages", "pages", _("Les pages comme la fiche les écrit (p 40-41)."))
    note = columns.text("note", "précision", _("Ce que la fiche ajoute entre parenthèses."))
    url = columns.text(
        "url", "adresse web", _("Adresse web (https://…) ; jamais pour un fichier de l'auteur.")
    )

    class Meta:
        model = MilestoneSource
        fields = ["milestone", "position", "kind", "reference", "pages", "note", "url"]
        import_id_fields = ["milestone", "position"]
        name = _("Sources des fiches")

    def plan_ids_of(self, instance):
        return set(instance.milestone.plans.values_list("pk", flat=True))
