"""Concertation: the spaces where partners work together, and their meetings."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cai.models import Commune, DatePrecision, Organisation, RightsAxis, Theme, format_partial_date
from cai.uploads import validate_document
from plans.models import Plan, overlapping_periods


class SpaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_public_list(self):
        """Each space with its number of member organisations and of published meetings,
        counted space by space rather than by joining every membership and meeting."""
        members = (
            Membership.objects.filter(space=OuterRef("pk"))
            .order_by()
            .values("space")
            .annotate(n=Count("organisation", distinct=True))
            .values("n")
        )
        meetings = (
            Meeting.objects.published()
            .filter(space=OuterRef("pk"))
            .order_by()
            .values("space")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            member_count=Coalesce(Subquery(members), 0),
            meeting_count=Coalesce(Subquery(meetings), 0),
        ).prefetch_related("communes")


class Space(models.Model):
    """A concertation space: working group, platform, local coordination, steering committee…

    Under PPLI 2.0 the CAI also brings its expertise into spaces it does not run; the
    convener says who runs the space.
    """

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Groupe de travail")
        PLATFORM = "platform", _("Plateforme")
        LOCAL_COORDINATION = "local_coordination", _("Coordination locale")
        STEERING_COMMITTEE = "steering_committee", _("Comité de pilotage")
        THEMATIC_WORKSHOP = "thematic_workshop", _("Atelier thématique")

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial")
        LOCAL = "local", _("Local")
        SUB_LOCAL = "sub_local", _("Sous-local")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=250)
    kind = models.CharField(_("type"), max_length=30, choices=Kind)
    level = models.CharField(_("niveau"), max_length=20, choices=Level)
    plans = models.ManyToManyField(Plan, blank=True, related_name="spaces", verbose_name=_("plans"))
    convener = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_spaces",
        verbose_name=_("organisation qui anime"),
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="spaces", verbose_name=_("territoire")
    )
    axes = models.ManyToManyField(
        RightsAxis, blank=True, related_name="spaces", verbose_name=_("axes de droits")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="spaces", verbose_name=_("thématiques")
    )
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("créé le"), null=True, blank=True)
    ended_on = models.DateField(_("clôturé le"), null=True, blank=True)
    is_published = models.BooleanField(_("publié"), default=False)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("espace de concertation")
        verbose_name_plural = _("espaces de concertation")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="space_dates_in_order",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("concertation:space-detail", args=[self.code])


class Membership(models.Model):
    """An organisation's membership of a concertation space, for a dated period."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Animation")
        MEMBER = "member", _("Membre")
        EXPERT = "expert", _("Expert")
        OBSERVER = "observer", _("Observateur")

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("espace")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="space_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role, default=Role.MEMBER)
    started_on = models.DateField(_("depuis le"))
    ended_on = models.DateField(
        _("jusqu'au"), null=True, blank=True, help_text=_("Laisser vide si toujours membre.")
    )

    class Meta:
        ordering = ["space", "organisation__name", "started_on"]
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_dates_in_order",
                violation_error_message=_("La date de fin ne peut pas précéder la date de début."),
            ),
            models.UniqueConstraint(
                fields=["space", "organisation", "started_on"],
                name="membership_unique_period",
                violation_error_message=_(
                    "Cette organisation est déjà membre de cet espace depuis cette date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.space}"

    def clean(self):
        if overlapping_periods(Membership.objects.filter(space_id=self.space_id), self):
            raise ValidationError(
                _("Cette organisation est déjà membre de cet espace pendant cette période."),
                code="overlapping_membership",
            )


class MeetingQuerySet(models.QuerySet):
    def published(self):
        """Published meetings, unless they belong to an unpublished space or plan."""
        return (
            self.filter(is_published=True)
            .exclude(space__is_published=False)
            .exclude(plan__is_published=False)
        )

    def upcoming(self, today):
        return self.filter(held_on__gte=today).order_by("held_on")

    def for_plans(self, plans):
        """Meetings under these plans: their own (a plenary), or those of the plans' spaces."""
        spaces = Space.objects.filter(plans__in=plans).values("pk")
        return self.filter(Q(plan__in=plans) | Q(space__in=spaces))

    def with_attendance(self):
        """Number of organisations and of people present, for lists of meetings.

        Counted meeting by meeting (attendance is indexed by meeting): joining every
        attendance row and grouping all meetings would cost the whole table per page.
        """
        present = Attendance.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
        organisations = present.annotate(n=Count("organisation", distinct=True)).values("n")
        people = present.annotate(n=Sum("people_count")).values("n")
        return self.annotate(
            organisation_count=Coalesce(Subquery(organisations), 0),
            people_count=Coalesce(Subquery(people), 0) + F("other_participants_count"),
        )


class Meeting(models.Model):
    """A meeting: of a space, a plenary assembly, a colloquium, a meeting with candidates…"""

    class Kind(models.TextChoices):
        WORKING = "working", _("Réunion de travail")
        STEERING = "steering", _("Comité de pilotage")
        PLENARY = "plenary", _("Assemblée plénière")
        COLLOQUIUM = "colloquium", _("Colloque")
        SEMINAR = "seminar", _("Séminaire")
        CANDIDATES = "candidates", _("Rencontre avec les candidats")
        WORKSHOP = "workshop", _("Atelier")

    space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("espace de concertation"),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("plan"),
        help_text=_("Pour une assemblée plénière ou une rencontre liée à un plan."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.WORKING)
    title = models.CharField(_("intitulé"), max_length=250)
    code = models.SlugField(
        _("code"),
        max_length=60,
        blank=True,
        help_text=_(
            "Facultatif. Identifiant stable pour importer les présences ; sans code, une "
            "réunion est reconnue par son espace (ou son plan) et sa date."
        ),
    )
    held_on = models.DateField(
        _("date"),
        help_text=_("Si seuls le mois ou l'année sont connus, saisir le premier jour du mois."),
    )
    precision = models.CharField(
        _("précision de la date"), max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    start_time = models.TimeField(
        _("heure de début"),
        null=True,
        blank=True,
        help_text=_(
            "Heure de Bruxelles. Sans heure, la réunion occupe toute la journée dans les agendas."
        ),
    )
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("commune"),
    )
    co_organisers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_organised_meetings",
        verbose_name=_("coorganisateurs"),
    )
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("procès-verbal"), blank=True)
    minutes_file = models.FileField(
        _("procès-verbal (fichier)"),
        upload_to="minutes/",
        blank=True,
        validators=[validate_document],
    )
    are_minutes_published = models.BooleanField(
        _("procès-verbal public"),
        default=False,
        help_text=_("Cocher seulement si le procès-verbal a été approuvé pour diffusion."),
    )
    other_participants_count = models.PositiveIntegerField(
        _("autres participants"),
        default=0,
        help_text=_("Personnes présentes à titre individuel, hors organisations listées."),
    )
    is_published = models.BooleanField(_("publiée"), default=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            # Empty is allowed many times: most meetings need no code.
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="meeting_unique_code",
                violation_error_message=_("Une autre réunion porte déjà ce code."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | (Q(start_time__isnull=False) & Q(end_time__gt=F("start_time"))),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("L'heure de fin doit suivre l'heure de début."),
            ),
        ]
        indexes = [
            # "Next meetings" and the yearly concertation figures select by date.
            models.Index(fields=["held_on"], name="meeting_held_on_idx"),
            # The admin's meeting list (fifty thousand meetings) reads them newest first.
            models.Index(fields=["-held_on", "title"], name="meeting_recent_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_display})"

    @property
    def is_in_calendars(self):
        """A calendar needs a day: a meeting known only by its month or year is left out."""
        return self.precision == DatePrecision.DAY

    @property
    def is_to_come(self):
        """Held today or later: worth adding to one's calendar."""
        return self.held_on >= timezone.localdate()

    def get_calendar_url(self):
        return reverse("concertation:meeting-ics", args=[self.pk])

    @property
    def date_display(self):
        return format_partial_date(self.held_on, self.precision)


class Attendance(models.Model):
    """Which organisation came to a meeting, and with how many people."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("réunion")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("organisation"),
    )
    people_count = models.PositiveSmallIntegerField(
        _("nombre de personnes"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_attendance", _("Peut importer des présences")),
            ("export_attendance", _("Peut exporter des présences")),
        ]
        ordering = ["meeting", "organisation__name"]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                name="attendance_unique_organisation",
                violation_error_message=_("Cette organisation est déjà notée présente."),
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1),
                name="attendance_at_least_one_person",
                violation_error_message=_(
                    "Une organisation présente compte au moins une personne."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.people_count}"
