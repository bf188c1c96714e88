import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cai.codes import CodeOrder
from cai.models import Commune, InterventionAxis, Organisation, RightsAxis, TargetPublic, Theme
from notifications.outbox import notify_update_reviewed, notify_update_submitted

from .diagnostic import Finding
from .plan import Plan
from .report import FrozenReport


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

    def under_plans(self, plans):
        """The objectives of these plans, plan after plan (the admin's grouped choices)."""
        return (
            self.filter(plan__in=plans)
            .select_related("plan", "axis")
            .order_by("-plan__start_year", "plan__title", "plan_id", "code")
        )


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
        ordering = ["plan", CodeOrder("code")]
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
        # One indexed list of ids from each side: an OR of the two conditions would read
        # every action (the partner area at a hundred thousand actions).
        led = Action.objects.filter(lead_organisation=organisation).order_by().values("pk")
        partnered = (
            ActionPartner.objects.filter(organisation=organisation).order_by().values("action_id")
        )
        return self.filter(pk__in=led.union(partnered))

    def for_organisations(self, organisations):
        """Actions that any of these organisations (a queryset) leads or takes part in."""
        # As in for_organisation: one indexed list of ids from each side, not an OR.
        led = Action.objects.filter(lead_organisation__in=organisations).order_by().values("pk")
        partnered = (
            ActionPartner.objects.filter(organisation__in=organisations)
            .order_by()
            .values("action_id")
        )
        return self.filter(pk__in=led.union(partnered))

    def in_code_order(self, within="plan"):
        """Grouped by plan (or axis), then by action code, numbers in numeric order:
        A-1.2 before A-1.10 (cai.codes)."""
        return self.order_by(CodeOrder(f"{within}__code"), CodeOrder("code"))

    def first_of_each_objective(self, n):
        """The first n actions (by code) of each objective, the actions without objective
        making one more group; each carries `group_total`, how many its group has. One query
        however many objectives: a plan of 500 actions shows a few of each."""
        group = {"partition_by": F("objective_id")}
        return (
            self.annotate(
                rank=Window(RowNumber(), order_by=CodeOrder("code").asc(), **group),
                group_total=Window(Count("pk"), **group),
            )
            .filter(rank__lte=n)
            .order_by(CodeOrder("code"))
        )

    def counted_per_recommendation(self):
        """Each action with `group_total`: how many of these actions answer the recommendation
        it is fetched for. Only for a prefetch from recommendations (sliced to the first few),
        whose one join to them the count shares: the first few and the count in one query."""
        return self.annotate(group_total=Window(Count("pk"), partition_by=F("recommendations")))

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
        return self._counts_by("axis_id")

    def counts_by_plan(self):
        """Per plan, how many actions per status: {plan_id: {status: n}}."""
        return self._counts_by("plan_id")

    def _counts_by(self, key):
        rows = self.order_by().values_list(key, "status").annotate(n=Count("pk"))
        counts = {}
        for group, status, n in rows:
            counts.setdefault(group, dict.fromkeys(Status.values, 0))[status] = n
        return counts

    def in_plans(self, plans):
        return self.filter(plan__in=plans)

    def needing_attention(self, *, today, quiet_since):
        """Actions neither done nor abandoned that are past their end date, or that have had
        no approved update since `quiet_since` (those started by then: a new action has
        nothing to report yet). Each carries `is_overdue` and `last_update_on`."""
        counted = ActionUpdate.objects.counted().filter(action=OuterRef("pk"))
        latest = counted.order_by(*ActionUpdate.LATEST_FIRST).values("reported_on")[:1]
        overdue = Q(ended_on__lt=today)
        quiet = ~Exists(counted.filter(reported_on__gt=quiet_since)) & (
            Q(started_on__isnull=True) | Q(started_on__lte=quiet_since)
        )
        return (
            self.exclude(status__in=[Status.DONE, Status.ABANDONED])
            .filter(overdue | quiet)
            .annotate(
                is_overdue=Case(When(overdue, then=True), default=False),
                last_update_on=Subquery(latest),
            )
        )

    def with_state_on(self, day):
        """Each action as it stood on `day`, for reports that read the past.

        Annotates `status_on` and `progress_on` from the latest update dated on or before
        that day ("planned", 0 % if there is none), and `done_on`: the date of the first
        update that marked the action done, counted since its last update that did not (an
        action reopened and done again is done on the later date). One statement, no query
        per row: a 2025 report built in 2027 still shows the 2025 state, not the current one.
        """
        counted = ActionUpdate.objects.counted()
        until = counted.filter(action=OuterRef("pk"), reported_on__lte=day)
        latest = until.order_by(*ActionUpdate.LATEST_FIRST)
        last_not_done = (
            counted.filter(action=OuterRef("action"), reported_on__lte=day)
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

    def needing_news(self, *, today, stale_since):
        """The actions needing attention (needing_attention) in plans in force: whom
        send_reminders writes to about them."""
        return self.filter(plan__status=Plan.Status.IN_FORCE).needing_attention(
            today=today, quiet_since=stale_since
        )

    def follow_latest_updates(self):
        """Set each action's status and progress from its latest update, in one statement.

        Used after bulk inserts, which bypass ActionUpdate.save().
        """
        latest = (
            ActionUpdate.objects.counted()
            .filter(action=OuterRef("pk"))
            .order_by(*ActionUpdate.LATEST_FIRST)
        )
        return self.update(
            status=Coalesce(Subquery(latest.values("status")[:1]), Value(Status.PLANNED)),
            progress=Coalesce(Subquery(latest.values("progress")[:1]), Value(0)),
            version=F("version") + 1,
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
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Augmente à chaque enregistrement : deux modifications simultanées se voient."),
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_action", _("Peut importer des actions")),
            ("export_action", _("Peut exporter des actions")),
        ]
        ordering = ["plan", CodeOrder("code")]
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

    def save(self, *args, **kwargs):
        # Every write moves the version on, so that an edit form opened on an older version
        # can tell it would overwrite someone else's change (ActionAdminForm).
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

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
        on_another_axis = self.objective_id and self.objective.axis_id not in (None, self.axis_id)
        if on_another_axis and self.axis_id:
            raise ValidationError(
                {
                    "objective": ValidationError(
                        _(
                            "Cet objectif relève de l'axe « %(objective_axis)s », l'action de "
                            "l'axe « %(action_axis)s » : choisissez un objectif du même axe que "
                            "l'action, ou changez l'axe de l'action."
                        ),
                        code="objective_on_another_axis",
                        params={
                            "objective_axis": self.objective.axis,
                            "action_axis": self.axis,
                        },
                    )
                }
            )

    def follow_latest_update(self):
        """Take status and progress from the latest approved update (or back to "planned")."""
        latest = self.updates.counted().order_by(*ActionUpdate.LATEST_FIRST).first()
        self.status = latest.status if latest else Status.PLANNED
        self.progress = latest.progress if latest else 0
        # In the database, not from this instance's version: it may be older than the row.
        Action.objects.filter(pk=self.pk).update(
            status=self.status, progress=self.progress, version=F("version") + 1
        )
        self.version += 1

    def is_led_by(self, organisation):
        return organisation is not None and self.lead_organisation_id == organisation.pk


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


class Review(models.TextChoices):
    """Where an update stands in its validation. A partner's update is a draft until it is
    submitted; a coordinator of the plan approves it or returns it with a reason. Updates
    written by the CAI itself (admin, imports) are approved as they are recorded."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis pour validation")
    APPROVED = "approved", _("Approuvé")
    RETURNED = "returned", _("Renvoyé au partenaire")


class ActionUpdateQuerySet(models.QuerySet):
    def counted(self):
        """Updates that count: in an action's progress, on public pages, in reports."""
        return self.filter(review_status=Review.APPROVED)

    def published(self):
        return self.counted().filter(action__is_published=True, action__plan__is_published=True)

    def awaiting_review(self):
        return self.filter(review_status=Review.SUBMITTED)

    def in_plans(self, plans):
        return self.filter(action__plan__in=plans)


class ActionUpdate(models.Model):
    """A dated report on an action's progress. The latest approved one sets the action's
    state."""

    Review = Review

    # Latest by the date it reports on; two updates of the same day: the last recorded.
    LATEST_FIRST = ("-reported_on", "-created_at", "-pk")
    # What a partner may still change: its draft, or an update returned to it.
    EDITABLE_BY_PARTNER = (Review.DRAFT, Review.RETURNED)

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
    review_status = models.CharField(
        _("validation"), max_length=20, choices=Review, default=Review.APPROVED
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="reviewed_action_updates",
        verbose_name=_("validé ou renvoyé par"),
    )
    reviewed_at = models.DateTimeField(_("validé ou renvoyé le"), null=True, blank=True)
    return_reason = models.TextField(
        _("motif du renvoi"),
        blank=True,
        help_text=_(
            "Ce que le partenaire doit corriger ou compléter avant de soumettre à nouveau."
        ),
    )

    objects = ActionUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_actionupdate", _("Peut importer des points d'avancement")),
            ("export_actionupdate", _("Peut exporter des points d'avancement")),
            ("review_actionupdate", _("Peut valider ou renvoyer les points des partenaires")),
        ]
        ordering = ["action", "-reported_on", "-created_at"]
        get_latest_by = ["reported_on", "created_at"]
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        constraints = [
            progress_constraint("actionupdate"),
            models.CheckConstraint(
                condition=~Q(review_status=Review.RETURNED) | ~Q(return_reason=""),
                name="actionupdate_returned_with_reason",
                violation_error_message=_("Un point renvoyé au partenaire doit dire pourquoi."),
            ),
        ]
        indexes = [
            # The action's latest update is looked up by this order (follow_latest_update).
            models.Index(
                fields=["action", "-reported_on", "-created_at"], name="actionupdate_latest_idx"
            ),
            # The home page's latest updates and the admin's update list read the newest
            # updates first: an index in that order stops after one page of rows.
            models.Index(fields=["-reported_on", "-created_at"], name="actionupdate_recent_idx"),
            # The partner area counts each action's updates not approved yet, a few among
            # a million.
            models.Index(
                fields=["action"],
                condition=~Q(review_status=Review.APPROVED),
                name="actionupdate_pending_idx",
            ),
            # The coordinators' queue of updates to review (admin "Points à valider") reads
            # only the few submitted rows among a million.
            models.Index(
                fields=["review_status"],
                condition=Q(review_status=Review.SUBMITTED),
                name="actionupdate_submitted_idx",
            ),
        ]

    def __str__(self):
        return f"{self.action.code} — {self.reported_on:%d/%m/%Y} — {self.progress} %"

    # The action's status is part of the update's meaning, so saving or deleting an
    # update always moves the action with it, whatever form or script wrote it; and a
    # frozen year is closed to every writer, imports included.
    def save(self, *args, **kwargs):
        with transaction.atomic():
            self.check_year_open()
            super().save(*args, **kwargs)
            self.action.follow_latest_update()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            self.check_year_open()
            result = super().delete(*args, **kwargs)
            self.action.follow_latest_update()
        return result

    def clean(self):
        if self.action_id and self.reported_on:
            self.check_year_open()

    def check_year_open(self):
        """Refuse a change to an update dated in a year whose plenary report is frozen (the
        year it is dated in now, or the year it was dated in before this change)."""
        years = {self.reported_on.year}
        if self.pk:
            before = ActionUpdate.objects.filter(pk=self.pk).values_list("reported_on", flat=True)
            years.update(day.year for day in before)
        frozen = (
            FrozenReport.objects.filter(plan_id=self.action.plan_id, year__in=years)
            .order_by("year")
            .values_list("year", flat=True)
            .first()
        )
        if frozen is not None:
            raise ValidationError(
                _(
                    "Le rapport annuel %(year)s de ce plan est figé : les points d'avancement "
                    "datés de %(year)s ne peuvent plus être ajoutés, modifiés ni supprimés."
                ),
                code="year_frozen",
                params={"year": frozen},
            )

    @property
    def is_editable_by_partner(self):
        return self.review_status in self.EDITABLE_BY_PARTNER

    def submit(self):
        """The partner sends its update to the plan's coordinators."""
        self.check_review_status(*self.EDITABLE_BY_PARTNER)
        with transaction.atomic():
            self.review_status = Review.SUBMITTED
            self.submitted_at = timezone.now()
            self.save()
            notify_update_submitted(self)

    def approve(self, *, by):
        """The update counts from now on, with the indicator values it brings."""
        self.check_review_status(Review.SUBMITTED)
        with transaction.atomic():
            self.review_status = Review.APPROVED
            self.reviewed_by, self.reviewed_at = by, timezone.now()
            self.return_reason = ""
            self.save()
            for reported in self.indicator_values.all():
                IndicatorValue.objects.update_or_create(
                    indicator_id=reported.indicator_id,
                    year=self.reported_on.year,
                    defaults={"value": reported.value},
                )
            notify_update_reviewed(self)

    def return_to_partner(self, *, by, reason):
        """Back to the partner, who corrects it and submits it again."""
        self.check_review_status(Review.SUBMITTED)
        if not reason.strip():
            raise ValidationError(
                {"return_reason": _("Dites au partenaire ce qu'il doit corriger.")},
                code="return_reason_missing",
            )
        with transaction.atomic():
            self.review_status = Review.RETURNED
            self.reviewed_by, self.reviewed_at = by, timezone.now()
            self.return_reason = reason.strip()
            self.save()
            notify_update_reviewed(self)

    def check_review_status(self, *allowed):
        if self.review_status not in allowed:
            raise ValidationError(
                _("Ce point est « %(status)s » : cette étape ne s'applique pas."),
                code="review_step_not_allowed",
                params={"status": self.get_review_status_display()},
            )


class SubmittedUpdate(ActionUpdate):
    """The coordinators' queue: partners' updates waiting to be approved or returned."""

    class Meta:
        proxy = True
        ordering = ["submitted_at", "pk"]
        verbose_name = _("point à valider")
        verbose_name_plural = _("points à valider")


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


class ReportedIndicatorValue(models.Model):
    """A value a partner reports with an update. It becomes the indicator's value for the
    update's year when the update is approved, and not before."""

    update = models.ForeignKey(
        ActionUpdate,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("point d'avancement"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="reported_values",
        verbose_name=_("indicateur"),
    )
    value = models.DecimalField(
        _("valeur"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["update", "indicator"]
        verbose_name = _("valeur d'indicateur proposée")
        verbose_name_plural = _("valeurs d'indicateur proposées")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "indicator"],
                name="reportedindicatorvalue_unique_indicator",
                violation_error_message=_("Ce point donne déjà une valeur pour cet indicateur."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} : {self.value}"
