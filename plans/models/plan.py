from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Count, F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cai.models import (
    Acronym,
    Audience,
    Commune,
    DatePrecision,
    InterventionAxis,
    Organisation,
    RightsFramework,
    TargetPublic,
    Theme,
    format_partial_date,
)
from cai.uploads import validate_document


class PlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def assigned_to(self, user):
        """The plans this person follows for the CAI (Plan.team)."""
        return self.filter(team=user)

    def covering(self, commune):
        """Plans whose territory includes the commune, provincial plans included."""
        return self.filter(Q(communes=commune) | Q(scope=Plan.Scope.PROVINCIAL)).distinct()

    def running_in(self, year):
        """Plans whose period includes the year (no last year: still running)."""
        return self.filter(
            Q(start_year__lte=year) | Q(start_year__isnull=True),
            Q(end_year__gte=year) | Q(end_year__isnull=True),
        )

    def without_frozen_report(self, year):
        return self.exclude(frozen_reports__year=year)

    def with_progress(self):
        """Each plan's number of actions, of actions done and their average progress (%),
        grouped in the one query of the list: a coordinator follows a few plans."""
        from .action import Status  # plan.py is imported by action.py

        return self.annotate(
            action_count=Count("actions"),
            done_count=Count("actions", filter=Q(actions__status=Status.DONE)),
            average_progress=Coalesce(Avg("actions__progress"), 0.0),
        )


class Plan(models.Model):
    """An integration plan: a PLI, a PLIC, or the provincial plan (PPLI 1.0, PPLI 2.0)."""

    class Kind(models.TextChoices):
        PLI = "pli", _("PLI — plan local d'intégration")
        PLIC = "plic", _("PLIC — plan local d'intégration et de cohabitation")
        PPLI_1 = "ppli_1", _("PPLI 1.0 — plan provincial et local d'intégration")
        PPLI_2 = "ppli_2", _("PPLI 2.0 — plan provincial et local d'intégration")

    class Scope(models.TextChoices):
        COMMUNAL = "communal", _("Une commune")
        INTERCOMMUNAL = "intercommunal", _("Plusieurs communes")
        PROVINCIAL = "provincial", _("Toute la province")

    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("En préparation")
        IN_FORCE = "in_force", _("En cours")
        ENDED = "ended", _("Terminé")
        ABANDONED = "abandoned", _("Abandonné")

    class AdoptionBody(models.TextChoices):
        COMMUNAL_COUNCIL = "communal_council", _("Conseil communal")
        COLLEGE = "college", _("Collège communal")
        CPAS_COUNCIL = "cpas_council", _("Conseil de l'action sociale (CPAS)")
        PROVINCIAL_COUNCIL = "provincial_council", _("Conseil provincial")
        CAI_BOARD = "cai_board", _("Conseil d'administration du CAI")
        STEERING_COMMITTEE = "steering_committee", _("Comité de pilotage")

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Identifiant stable du plan, par ex. pli-namur-2014 ou ppli-2."),
    )
    kind = models.CharField(_("type de plan"), max_length=10, choices=Kind)
    title = models.CharField(_("intitulé"), max_length=250)
    summary = models.TextField(
        _("présentation"),
        blank=True,
        help_text=_("Texte public : ce que le plan vise, sa méthode, ce qui le distingue."),
    )
    start_year = models.PositiveSmallIntegerField(_("première année"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("dernière année"), null=True, blank=True)
    scope = models.CharField(_("territoire"), max_length=20, choices=Scope)
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="plans",
        verbose_name=_("communes couvertes"),
        help_text=_("Laisser vide pour un plan provincial."),
    )
    framework = models.ForeignKey(
        RightsFramework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("grille des droits"),
        help_text=_("La grille des droits fondamentaux en vigueur quand le plan a été écrit."),
    )
    adopted_by = models.CharField(_("adopté par"), max_length=30, choices=AdoptionBody, blank=True)
    adopted_on = models.DateField(_("adopté le"), null=True, blank=True)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("plan précédent"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.IN_PREPARATION
    )
    is_published = models.BooleanField(
        _("publié"), default=False, help_text=_("Visible sur le site public.")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_plans",
        verbose_name=_("équipe du CAI"),
        help_text=_(
            "Coordinateurs et membres de l'équipe du CAI qui suivent ce plan : ils modifient "
            "ce plan et ce qui en dépend, selon leur rôle, et valident les points des partenaires."
        ),
    )

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="plan_years_in_order",
                violation_error_message=_(
                    "La dernière année du plan ne peut pas précéder la première année."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="plan_not_its_own_predecessor",
                violation_error_message=_("Un plan ne peut pas être son propre prédécesseur."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan-detail", args=[self.code])

    @property
    def kind_explanation(self):
        """What this kind of plan is, in words a visitor understands."""
        return KIND_EXPLANATIONS[self.kind]

    @property
    def period_display(self):
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")


KIND_EXPLANATIONS = {
    Plan.Kind.PLI: _(
        "Un plan local d'intégration (PLI) part des besoins exprimés par les personnes "
        "étrangères et d'origine étrangère et par les associations de terrain pour construire "
        "des réponses avec les services communaux et les associations d'une commune."
    ),
    Plan.Kind.PLIC: _(
        "Un plan local d'intégration et de cohabitation (PLIC) est un plan local d'intégration "
        "qui porte aussi sur la cohabitation, dans une commune qui accueille sur son territoire "
        "un centre d'accueil pour demandeurs de protection internationale (Fedasil)."
    ),
    Plan.Kind.PPLI_1: _(
        "Le plan provincial et local d'intégration (PPLI 1.0) est un plan d'action sur trois "
        "années civiles, piloté par la Province de Namur, le Centre local de promotion de la "
        "santé (CLPS) et le CAI, avec une quinzaine d'espaces de concertation et une assemblée "
        "plénière annuelle."
    ),
    Plan.Kind.PPLI_2: _(
        "Le PPLI 2.0 est un plan de six ans aligné sur la programmation des Plans de cohésion "
        "sociale, piloté par le CAI seul. Il reste ouvert aux nouveaux besoins et aux nouveaux "
        "publics, garde les coordinations locales et apporte l'expertise du CAI dans des "
        "espaces de concertation qui existent déjà."
    ),
}


class SteeringMembershipQuerySet(models.QuerySet):
    def current(self, on):
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class SteeringMembership(models.Model):
    """An organisation's seat on a plan's steering committee, for a dated period."""

    class Role(models.TextChoices):
        PILOT = "pilot", _("Pilote")
        CO_PILOT = "co_pilot", _("Copilote")
        MEMBER = "member", _("Membre")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="steering_memberships", verbose_name=_("plan")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="steering_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role, default=Role.MEMBER)
    started_on = models.DateField(
        _("depuis le"),
        help_text=_(
            "Si seuls le mois ou l'année sont connus, saisir le premier jour "
            "et choisir la précision correspondante."
        ),
    )
    started_precision = models.CharField(
        _("précision du début"), max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    ended_on = models.DateField(
        _("jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "Laisser vide si toujours en cours. Si seuls le mois ou l'année sont connus, "
            "saisir le dernier jour et choisir la précision correspondante."
        ),
    )
    ended_precision = models.CharField(
        _("précision de la fin"), max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )

    objects = SteeringMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "started_on", "organisation__name"]
        verbose_name = _("membre du comité de pilotage")
        verbose_name_plural = _("membres du comité de pilotage")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="steeringmembership_dates_in_order",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            ),
            models.UniqueConstraint(
                fields=["plan", "organisation", "started_on"],
                name="steeringmembership_unique_period",
                violation_error_message=_(
                    "Cette organisation siège déjà au comité de pilotage depuis cette date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.plan}"

    @property
    def started_display(self):
        return format_partial_date(self.started_on, self.started_precision)

    @property
    def ended_display(self):
        return format_partial_date(self.ended_on, self.ended_precision)

    def clean(self):
        overlapping = overlapping_periods(
            SteeringMembership.objects.filter(plan_id=self.plan_id),
            self,
        )
        if overlapping:
            raise ValidationError(
                _("Cette organisation siège déjà au comité de pilotage pendant cette période."),
                code="overlapping_membership",
            )


def overlapping_periods(queryset, membership):
    """Whether another membership of the same organisation overlaps this one's dates."""
    if membership.organisation_id is None or membership.started_on is None:
        return False
    others = queryset.filter(organisation_id=membership.organisation_id).exclude(pk=membership.pk)
    others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=membership.started_on))
    if membership.ended_on:
        others = others.filter(started_on__lte=membership.ended_on)
    return others.exists()


class MilestoneQuerySet(models.QuerySet):
    def published(self):
        """Published milestones, unless one of the plans they concern is unpublished."""
        return self.filter(is_published=True).exclude(plans__is_published=False)

    def for_public_list(self):
        """What the chronology shows of each milestone: its tags and its plans."""
        return self.prefetch_related(
            "audiences", "intervention_axes", "target_publics", "themes", "plans"
        )

    def for_card_page(self):
        """What a card's page shows besides the card's own fields."""
        return self.prefetch_related(
            "audiences",
            "intervention_axes",
            "target_publics",
            "themes",
            "plans",
            "sources",
            "resources",
            Prefetch(
                "declared_acronyms",
                queryset=MilestoneAcronym.objects.select_related("acronym"),
            ),
        )


class Milestone(models.Model):
    """A dated milestone of the CAI's history — one of its "history cards" (*fiches*).

    A card is numbered (the cards refer to each other: "voir Fiche 24"), tells its story in
    full, lists the sources it was written from, declares the acronyms it uses and is tagged
    with the CAI's four classifications. It may concern no plan (the 1996 decree), one plan or
    several (the story of all the PLIs); a milestone that is not one of the cards has no number.
    """

    card_number = models.PositiveIntegerField(
        _("numéro de fiche"),
        null=True,
        blank=True,
        help_text=_("Le numéro de la fiche d'histoire du CAI ; vide pour un jalon sans fiche."),
    )
    slug = models.SlugField(
        _("adresse"),
        max_length=120,
        unique=True,
        help_text=_("La fin de l'adresse publique de la fiche, par ex. 2007-plan-local."),
    )
    plans = models.ManyToManyField(
        Plan,
        blank=True,
        related_name="milestones",
        verbose_name=_("plans concernés"),
        help_text=_("Aucun, un ou plusieurs plans."),
    )
    occurred_on = models.DateField(
        _("date"),
        help_text=_(
            "Si seuls le mois ou l'année sont connus, saisir le premier jour "
            "et choisir la précision correspondante."
        ),
    )
    precision = models.CharField(
        _("précision de la date"), max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    title = models.CharField(_("titre"), max_length=250)
    narrative = models.TextField(
        _("récit"),
        blank=True,
        help_text=_(
            "Le texte de la fiche tel qu'il est écrit : un paragraphe par ligne ; une ligne "
            "qui commence par « - » est un élément de liste."
        ),
    )
    in_brief = models.CharField(
        _("en bref"),
        max_length=300,
        blank=True,
        help_text=_("Le visuel « En bref » de la fiche, par ex. « RA2010 p 27 (visuel des PLI) »."),
    )
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="milestones", verbose_name=_("essentiel pour")
    )
    intervention_axes = models.ManyToManyField(
        InterventionAxis,
        blank=True,
        related_name="milestones",
        verbose_name=_("axes d'intervention"),
    )
    target_publics = models.ManyToManyField(
        TargetPublic, blank=True, related_name="milestones", verbose_name=_("publics ciblés")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="milestones", verbose_name=_("thématiques")
    )
    acronyms = models.ManyToManyField(
        Acronym,
        blank=True,
        through="MilestoneAcronym",
        related_name="milestones",
        verbose_name=_("sigles déclarés"),
    )
    is_published = models.BooleanField(_("publié"), default=False)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[plans, audiences, intervention_axes, target_publics, themes]
    )

    class Meta:
        ordering = ["occurred_on", "title"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_milestone", _("Peut importer des fiches d'histoire")),
            ("export_milestone", _("Peut exporter des fiches d'histoire")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"],
                name="milestone_unique_card_number",
                violation_error_message=_("Une autre fiche porte déjà ce numéro."),
            ),
        ]

    def __str__(self):
        return f"{self.date_display} — {self.title}"

    def get_absolute_url(self):
        return reverse("plans:milestone-detail", args=[self.slug])

    def clean(self):
        # The database refuses it too (milestone_unique_card_number); this words it.
        numbered = Milestone.objects.filter(card_number=self.card_number).exclude(pk=self.pk)
        if self.card_number is not None and numbered.exists():
            message = _("Une autre fiche porte déjà ce numéro.")
            raise ValidationError(
                {"card_number": ValidationError(message, code="card_number_taken")}
            )

    @property
    def date_display(self):
        return format_partial_date(self.occurred_on, self.precision)

    def narrative_blocks(self):
        """The narrative as the card sets it out: paragraphs, and the runs of lines that start
        with "- " as lists. Returns (paragraph, None) or (None, [items]) pairs."""
        blocks = []
        for line in (line.strip() for line in self.narrative.splitlines()):
            if not line:
                continue
            if line.startswith("- "):
                if not blocks or blocks[-1][1] is None:
                    blocks.append((None, []))
                blocks[-1][1].append(line[2:].strip())
            else:
                blocks.append((line, None))
        return blocks

    def classification_boxes(self):
        """The card's four classifications with every box of the taxonomy, ticked or not:
        a list of (heading, [(group label, [(term, ticked)])]), as the card prints them."""
        groups = []
        for heading, field, model in CARD_CLASSIFICATIONS:
            ticked = {term.pk for term in getattr(self, field).all()}
            terms = model.objects.all()
            by_group = {}
            for term in terms:
                label = term.get_group_display() if hasattr(term, "group") else ""
                by_group.setdefault(label, []).append((term, term.pk in ticked))
            groups.append((heading, list(by_group.items())))
        return groups


# The card's headings, in the card's order, and the taxonomy each one ticks.
CARD_CLASSIFICATIONS = [
    (_("Cette date est essentielle pour"), "audiences", Audience),
    (_("Axes stratégiques d'intervention"), "intervention_axes", InterventionAxis),
    (_("Publics ciblés par l'activité"), "target_publics", TargetPublic),
    (_("Thématiques traversées par l'activité"), "themes", Theme),
]


class MilestoneAcronym(models.Model):
    """An acronym as a card declares it in its "Déclinaison des sigles", in the card's own
    words: the card's expansion may differ from the glossary's (PPLI = "plan local et
    provincial d'intégration")."""

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="declared_acronyms",
        verbose_name=_("jalon"),
    )
    acronym = models.ForeignKey(
        Acronym, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("sigle")
    )
    expansion = models.CharField(
        _("signification selon la fiche"),
        max_length=250,
        blank=True,
        help_text=_("Telle que la fiche l'écrit ; vide pour reprendre celle du glossaire."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "position", "pk"]
        verbose_name = _("sigle déclaré")
        verbose_name_plural = _("déclinaison des sigles")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "acronym"],
                name="milestoneacronym_unique_per_card",
                violation_error_message=_("La fiche déclare déjà ce sigle."),
            ),
        ]

    def __str__(self):
        return f"{self.acronym.acronym} : {self.expansion_display}"

    @property
    def expansion_display(self):
        return self.expansion or self.acronym.expansion


class MilestoneSource(models.Model):
    """A document a card was written from, cited as the card cites it: "RA 2010" with pages
    "p23 – 27", "Actes du Colloque Namur 2007". A file on the author's own computer
    (file:///C:/Users/…) is kept as text: it is no address a visitor can open."""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("Rapport d'activités")
        PROCEEDINGS = "proceedings", _("Actes")
        ARTICLE = "article", _("Article")
        PUBLICATION = "publication", _("Publication")
        WEBSITE = "website", _("Site internet")
        LOCAL_FILE = "local_file", _("Fichier de l'auteur (non public)")
        OTHER = "other", _("Autre")

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="sources", verbose_name=_("jalon")
    )
    position = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("L'ordre de la source dans la fiche.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    reference = models.CharField(
        _("référence"),
        max_length=300,
        help_text=_("Comme la fiche la cite, sans les pages : « RA 2010 », « Livret PPLI »."),
    )
    pages = models.CharField(
        _("pages"),
        max_length=40,
        blank=True,
        help_text=_("Comme la fiche les écrit : « p 40-41 », « p23 – 27 »."),
    )
    note = models.CharField(
        _("précision"),
        max_length=250,
        blank=True,
        help_text=_("Ce que la fiche ajoute entre parenthèses, par ex. « visuel des PLI »."),
    )
    url = models.URLField(_("adresse web"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "position", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [
            ("import_milestonesource", _("Peut importer des sources de fiches")),
            ("export_milestonesource", _("Peut exporter des sources de fiches")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="local_file") | Q(url=""),
                name="milestonesource_local_file_not_a_link",
                violation_error_message=_(
                    "Un fichier de l'auteur n'a pas d'adresse web : gardez son chemin dans "
                    "la référence."
                ),
            ),
        ]

    def __str__(self):
        return self.citation

    @property
    def citation(self):
        """The source as the card writes it: "RA 2009 p 19 (lien avec la recherche…)"."""
        text = f"{self.reference} {self.pages}" if self.pages else self.reference
        return f"{text} ({self.note})" if self.note else text


class MilestoneResource(models.Model):
    """A resource offered for download with a milestone (a file or a link)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="resources", verbose_name=_("jalon")
    )
    title = models.CharField(_("titre"), max_length=250)
    file = models.FileField(
        _("fichier"), upload_to="milestones/", blank=True, validators=[validate_document]
    )
    url = models.URLField(_("adresse web"), blank=True)

    class Meta:
        ordering = ["milestone", "title"]
        verbose_name = _("ressource à télécharger")
        verbose_name_plural = _("ressources à télécharger")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="milestoneresource_file_or_url",
                violation_error_message=_("Joignez un fichier ou indiquez une adresse web."),
            ),
        ]

    def __str__(self):
        return self.title
