import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cai.models import Commune, InterventionAxis, Organisation, RightsAxis, TargetPublic, Theme

from .diagnostic import Finding
from .plan import Plan


class Status(models.TextChoices):
    """Where an action stands. Shared by actions and their updates."""

    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    POSTPONED = "postponed", _("Reportée")
    ABANDONED = "abandoned", _("Abandonnée")


def progress_constraint(model_name):
    return models.CheckConstraint(
        condition=Q(progress__gte=0) & Q(progress__lte=100),
        name=f"{model_name}_progress_0_100",
        violation_error_message=_("L'avancement est un pourcentage compris entre 0 et 100."),
    )


class ObjectiveQuerySet(models.QuerySet):
    def published(self):
        return self.filter(plan__is_published=True)


class Objective(models.Model):
    """An objective of a plan, on one rights axis, answering findings of a diagnostic."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("plan")
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Unique dans le plan, par ex. OBJ-3.")
    )
    title = models.CharField(_("intitulé"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    axis = models.ForeignKey(
        RightsAxis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("axe de droits"),
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="objectives",
        verbose_name=_("constats rencontrés"),
        help_text=_("Les constats du diagnostic auxquels cet objectif répond."),
    )

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="objective_unique_code_per_plan",
                violation_error_message=_("Ce code d'objectif existe déjà dans ce plan."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        if self.plan_id:
            check_axis_in_framework(self.plan, self.axis)


def check_axis_in_framework(plan, axis):
    """An axis must come from the grid the plan is read against.

    Takes the plan already loaded on the row, so that checking a file of new actions does
    not cost a query per line.
    """
    if axis is not None and plan.framework_id and axis.framework_id != plan.framework_id:
        raise ValidationError(
            {"axis": _("Cet axe n'appartient pas à la grille des droits de ce plan.")},
            code="axis_outside_framework",
        )


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, plan__is_published=True)

    def for_public_list(self):
        """What a public list of actions shows, fetched in a fixed number of queries."""
        return self.select_related("plan", "axis", "lead_organisation").prefetch_related("communes")

    def for_organisation(self, organisation):
        """Actions the organisation leads or takes part in."""
        partnered = ActionPartner.objects.filter(organisation=organisation).values("action_id")
        return self.filter(Q(lead_organisation=organisation) | Q(pk__in=partnered))

    def active_in(self, year):
        """Actions running during a calendar year (no dates: taken as running)."""
        return self.filter(
            Q(started_on__year__lte=year) | Q(started_on__isnull=True),
            Q(ended_on__year__gte=year) | Q(ended_on__isnull=True),
        )

    def status_counts(self):
        """How many actions per status, every status present (zero included)."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Status.values}

    def counts_by_axis(self):
        """Per axis, how many actions per status: {axis_id: {status: n}}."""
        rows = self.order_by().values_list("axis_id", "status").annotate(n=Count("pk"))
        counts = {}
        for axis_id, status, n in rows:
            counts.setdefault(axis_id, dict.fromkeys(Status.values, 0))[status] = n
        return counts

    def with_state_on(self, day):
        """Each action as it stood on `day`, for reports that read the past.

        Annotates `status_on` and `progress_on` from the latest update dated on or before
        that day ("planned", 0 % if there is none), and `done_on`: the date of the first
        update that marked the action done, counted since its last update that did not (an
        action reopened and done again is done on the later date). One statement, no query
        per row: a 2025 report built in 2027 still shows the 2025 state, not the current one.
        """
        until = ActionUpdate.objects.filter(action=OuterRef("pk"), reported_on__lte=day)
        latest = until.order_by(*ActionUpdate.LATEST_FIRST)
        last_not_done = (
            ActionUpdate.objects.filter(action=OuterRef("action"), reported_on__lte=day)
            .exclude(status=Status.DONE)
            .order_by(*ActionUpdate.LATEST_FIRST)
            .values("reported_on")[:1]
        )
        since = Coalesce(
            Subquery(last_not_done), Value(datetime.date.min), output_field=models.DateField()
        )
        first_done = (
            until.filter(status=Status.DONE, reported_on__gte=since)
            .order_by("reported_on", "created_at", "pk")
            .values("reported_on")[:1]
        )
        return self.annotate(
            status_on=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(Status.PLANNED),
                output_field=models.CharField(),
            ),
            progress_on=Coalesce(
                Subquery(latest.values("progress")[:1]),
                Value(0),
                output_field=models.PositiveSmallIntegerField(),
            ),
            done_on=Subquery(first_done),
        )

    def follow_latest_updates(self):
        """Set each action's status and progress from its latest update, in one statement.

        Used after bulk inserts, which bypass ActionUpdate.save().
        """
        latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by(
            *ActionUpdate.LATEST_FIRST
        )
        return self.update(
            status=Coalesce(Subquery(latest.values("status")[:1]), Value(Status.PLANNED)),
            progress=Coalesce(Subquery(latest.values("progress")[:1]), Value(0)),
        )


class Action(models.Model):
    """A fiche action: what is done, by whom, where, for which need — and how far it is.

    Status and progress are not typed in: they always follow the latest update, so the
    action's history and its current state can never disagree.
    """

    Status = Status

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="actions", verbose_name=_("plan")
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("objectif"),
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Unique dans le plan, par ex. A-2.3.")
    )
    title = models.CharField(_("intitulé"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    axis = models.ForeignKey(
        RightsAxis,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("axe de droits"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="actions", verbose_name=_("thématiques")
    )
    intervention_axes = models.ManyToManyField(
        InterventionAxis, blank=True, related_name="actions", verbose_name=_("axes d'intervention")
    )
    target_publics = models.ManyToManyField(
        TargetPublic, blank=True, related_name="actions", verbose_name=_("publics ciblés")
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="actions", verbose_name=_("communes")
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_actions",
        verbose_name=_("organisation porteuse"),
    )
    partners = models.ManyToManyField(
        Organisation,
        through="ActionPartner",
        blank=True,
        related_name="partner_actions",
        verbose_name=_("partenaires"),
    )
    concertation_space = models.ForeignKey(
        "concertation.Space",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("espace de concertation"),
        help_text=_("Le groupe de travail, la plateforme ou la coordination qui porte l'action."),
    )
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.PLANNED, editable=False
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)], editable=False
    )
    pcs_action_reference = models.CharField(
        _("action PCS liée"),
        max_length=120,
        blank=True,
        help_text=_("Référence de l'action correspondante du Plan de cohésion sociale."),
    )
    recommendations = models.ManyToManyField(
        "Recommendation",
        blank=True,
        related_name="actions",
        verbose_name=_("recommandations rencontrées"),
    )
    internal_note = models.TextField(
        _("note interne"), blank=True, help_text=_("Jamais affichée publiquement.")
    )
    is_published = models.BooleanField(_("publiée"), default=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_action", _("Peut importer des actions")),
            ("export_action", _("Peut exporter des actions")),
        ]
        ordering = ["plan", "code"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="action_unique_code_per_plan",
                violation_error_message=_("Ce code d'action existe déjà dans ce plan."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="action_dates_in_order",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            ),
            progress_constraint("action"),
        ]
        indexes = [
            # Public progress per axis and the admin's status filter group by these two.
            models.Index(fields=["axis", "status"], name="action_axis_status_idx"),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def get_absolute_url(self):
        return reverse("plans:action-detail", args=[self.plan.code, self.code])

    def clean(self):
        if self.plan_id and self.axis_id:
            check_axis_in_framework(self.plan, self.axis)
        if self.objective_id and self.plan_id and self.objective.plan_id != self.plan_id:
            raise ValidationError(
                {"objective": _("Cet objectif appartient à un autre plan.")},
                code="objective_outside_plan",
            )

    def follow_latest_update(self):
        """Take status and progress from the latest update (or back to "planned" if none)."""
        latest = self.updates.order_by(*ActionUpdate.LATEST_FIRST).first()
        self.status = latest.status if latest else Status.PLANNED
        self.progress = latest.progress if latest else 0
        self.save(update_fields=["status", "progress"])


class ActionPartner(models.Model):
    """An organisation taking part in an action, with its role."""

    class Role(models.TextChoices):
        CO_LEAD = "co_lead", _("Coporteur")
        OPERATIONAL = "operational", _("Partenaire opérationnel")
        FUNDER = "funder", _("Financeur")
        RELAY = "relay", _("Relais ou soutien")
        EXPERT = "expert", _("Expertise")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("action")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="action_partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role, default=Role.OPERATIONAL)

    class Meta:
        ordering = ["action", "organisation__name"]
        verbose_name = _("partenaire de l'action")
        verbose_name_plural = _("partenaires de l'action")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"],
                name="actionpartner_unique_organisation",
                violation_error_message=_("Cette organisation est déjà partenaire de l'action."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ActionUpdateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(action__is_published=True, action__plan__is_published=True)


class ActionUpdate(models.Model):
    """A dated report on an action's progress. The latest one sets the action's state."""

    # Latest by the date it reports on; two updates of the same day: the last recorded.
    LATEST_FIRST = ("-reported_on", "-created_at", "-pk")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action")
    )
    reported_on = models.DateField(_("date du point"))
    status = models.CharField(_("statut"), max_length=20, choices=Status)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(
        _("commentaire"), blank=True, help_text=_("Public : ce qui a été fait, ce qui bloque.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_updates",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_actionupdate", _("Peut importer des points d'avancement")),
            ("export_actionupdate", _("Peut exporter des points d'avancement")),
        ]
        ordering = ["action", "-reported_on", "-created_at"]
        get_latest_by = ["reported_on", "created_at"]
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        constraints = [progress_constraint("actionupdate")]
        indexes = [
            # The action's latest update is looked up by this order (follow_latest_update).
            models.Index(
                fields=["action", "-reported_on", "-created_at"], name="actionupdate_latest_idx"
            ),
        ]

    def __str__(self):
        return f"{self.action.code} — {self.reported_on:%d/%m/%Y} — {self.progress} %"

    # The action's status is part of the update's meaning, so saving or deleting an
    # update always moves the action with it, whatever form or script wrote it.
    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.action.follow_latest_update()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.action.follow_latest_update()
        return result


class Indicator(models.Model):
    """A measure of an action: an output (what is produced) or a result (what changes)."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Réalisation")
        RESULT = "result", _("Résultat")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("action")
    )
    name = models.CharField(_("intitulé"), max_length=250)
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.OUTPUT)
    unit = models.CharField(
        _("unité"), max_length=60, help_text=_("Par ex. séances, participants, partenaires.")
    )
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_indicator", _("Peut importer des indicateurs")),
            ("export_indicator", _("Peut exporter des indicateurs")),
        ]
        ordering = ["action", "pk"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="indicator_target_not_negative",
                violation_error_message=_("La cible ne peut pas être négative."),
            ),
        ]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """The value an indicator reached in one year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicateur")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicatorvalue_unique_year",
                violation_error_message=_("Cet indicateur a déjà une valeur pour cette année."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.year} : {self.value}"
