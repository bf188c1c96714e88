from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cai.codes import CodeOrder
from cai.models import Commune, RightsAxis, TargetPublic, Theme

from .plan import Plan


class DiagnosticQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Diagnostic(models.Model):
    """A diagnostic of the obstacles foreign people meet in accessing their rights.

    Every plan starts from one: its findings (constats) are what objectives and actions
    answer.
    """

    class Method(models.TextChoices):
        PARTICIPATORY = "participatory", _("Diagnostic participatif")
        META = "meta", _("Méta-diagnostic")
        SURVEY = "survey", _("Enquête")
        SPIRAL = "spiral", _("Groupes de type SPIRAL")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=250)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diagnostics",
        verbose_name=_("plan alimenté"),
        help_text=_("Le plan que ce diagnostic a nourri."),
    )
    method = models.CharField(_("méthode"), max_length=20, choices=Method)
    is_participatory = models.BooleanField(
        _("participatif"),
        default=False,
        help_text=_(
            "Mené avec les personnes et les acteurs concernés, quelle que soit la méthode : "
            "un méta-diagnostic peut aussi être participatif."
        ),
    )
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"), null=True, blank=True)
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="diagnostics", verbose_name=_("communes couvertes")
    )
    participant_count = models.PositiveIntegerField(
        _("nombre de participants"),
        null=True,
        blank=True,
        help_text=_("Laisser vide si le nombre n'est pas connu."),
    )
    summary = models.TextField(_("présentation"), blank=True)
    is_published = models.BooleanField(_("publié"), default=False)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="diagnostic_years_in_order",
                violation_error_message=_(
                    "La dernière année ne peut pas précéder la première année."
                ),
            ),
        ]

    def __str__(self):
        return self.title


class FindingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, diagnostic__is_published=True)


class Finding(models.Model):
    """A finding (constat) of a diagnostic: an obstacle, a need, or a resource to build on."""

    class Kind(models.TextChoices):
        OBSTACLE = "obstacle", _("Obstacle")
        NEED = "need", _("Besoin")
        RESOURCE = "resource", _("Ressource")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("Haute")
        MEDIUM = 2, _("Moyenne")
        LOW = 3, _("Basse")

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="findings", verbose_name=_("diagnostic")
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Unique dans le diagnostic, par ex. C-12.")
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind)
    statement = models.TextField(_("constat"))
    axis = models.ForeignKey(
        RightsAxis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("axe de droits"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="findings", verbose_name=_("thématiques")
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="findings", verbose_name=_("communes")
    )
    target_publics = models.ManyToManyField(
        TargetPublic, blank=True, related_name="findings", verbose_name=_("publics concernés")
    )
    priority = models.PositiveSmallIntegerField(
        _("priorité"), choices=Priority, default=Priority.MEDIUM
    )
    is_published = models.BooleanField(_("publié"), default=True)

    objects = FindingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_finding", _("Peut importer des constats")),
            ("export_finding", _("Peut exporter des constats")),
        ]
        ordering = ["diagnostic", "priority", CodeOrder("code")]
        verbose_name = _("constat")
        verbose_name_plural = _("constats")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "code"],
                name="finding_unique_code_per_diagnostic",
                violation_error_message=_("Ce code de constat existe déjà dans ce diagnostic."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.statement[:80]}"
