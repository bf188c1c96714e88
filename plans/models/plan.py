from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Avg, Count, F, Q
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
    started_on = models.DateField(_("depuis le"))
    ended_on = models.DateField(
        _("jusqu'au"), null=True, blank=True, help_text=_("Laisser vide si toujours en cours.")
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
        """Published milestones, unless they belong to an unpublished plan."""
        return self.filter(is_published=True).exclude(plan__is_published=False)


class Milestone(models.Model):
    """A dated milestone of the CAI's history — one of its "history cards".

    Most milestones lie outside any plan (the 1996 decree, the 2009 decree…); those that
    belong to a plan appear in its timeline.
    """

    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("plan"),
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
    narrative = models.TextField(_("récit"), blank=True)
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
        Acronym, blank=True, related_name="milestones", verbose_name=_("sigles utilisés")
    )
    is_published = models.BooleanField(_("publié"), default=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "title"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")

    def __str__(self):
        return f"{self.date_display} — {self.title}"

    @property
    def date_display(self):
        return format_partial_date(self.occurred_on, self.precision)


class MilestoneSource(models.Model):
    """A document a milestone was written from: annual report (with pages), proceedings…"""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("Rapport d'activités")
        PROCEEDINGS = "proceedings", _("Actes")
        ARTICLE = "article", _("Article")
        PUBLICATION = "publication", _("Publication")
        OTHER = "other", _("Autre")

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="sources", verbose_name=_("jalon")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    reference = models.CharField(
        _("référence"), max_length=300, help_text=_("Titre, auteur, année.")
    )
    pages = models.CharField(_("pages"), max_length=40, blank=True)
    url = models.URLField(_("adresse web"), blank=True)

    class Meta:
        ordering = ["milestone", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return f"{self.reference}, p. {self.pages}" if self.pages else self.reference


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
