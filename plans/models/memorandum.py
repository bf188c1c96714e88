from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cai.codes import CodeOrder
from cai.models import Organisation, RightsAxis, Theme
from cai.uploads import validate_document


class MemorandumQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Memorandum(models.Model):
    """A text addressed to candidates before an election, written with the network.

    Since 2006 ("À nous la parole") the CAI has interpellated candidates at each
    communal and provincial (and regional) election with recommendations.
    """

    class DocumentKind(models.TextChoices):
        MEMORANDUM = "memorandum", _("Mémorandum")
        EXPRESSION = "expression", _("Cahier d'expression")
        SPECIFICATIONS = "specifications", _("Cahier des charges")

    class Election(models.TextChoices):
        LOCAL = "local", _("Élections communales et provinciales")
        REGIONAL = "regional", _("Élections régionales")
        FEDERAL = "federal", _("Élections fédérales")
        EUROPEAN = "european", _("Élections européennes")
        NONE = "none", _("Hors élection")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("titre"), max_length=250)
    document_kind = models.CharField(
        _("type de document"),
        max_length=20,
        choices=DocumentKind,
        default=DocumentKind.MEMORANDUM,
    )
    year = models.PositiveSmallIntegerField(_("année"))
    election = models.CharField(_("élection visée"), max_length=20, choices=Election)
    election_on = models.DateField(_("date du scrutin"), null=True, blank=True)
    audience = models.CharField(
        _("destinataires"),
        max_length=250,
        blank=True,
        help_text=_("Par ex. candidats aux élections communales et provinciales."),
    )
    co_authors = models.ManyToManyField(
        Organisation, blank=True, related_name="memorandums", verbose_name=_("coauteurs")
    )
    summary = models.TextField(_("présentation"), blank=True)
    document = models.FileField(
        _("document"), upload_to="memorandums/", blank=True, validators=[validate_document]
    )
    is_published = models.BooleanField(_("publié"), default=False)

    objects = MemorandumQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("mémorandum")
        verbose_name_plural = _("mémorandums")

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("plans:memorandum-detail", args=[self.code])


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(memorandum__is_published=True)


class Recommendation(models.Model):
    """A recommendation of a memorandum, and what became of it."""

    class Level(models.TextChoices):
        COMMUNAL = "communal", _("Communal")
        PROVINCIAL = "provincial", _("Provincial")
        REGIONAL = "regional", _("Régional")
        COMMUNITY = "community", _("Communautaire")
        FEDERAL = "federal", _("Fédéral")
        EUROPEAN = "european", _("Européen")

    class Cost(models.TextChoices):
        NONE = "none", _("Sans coût")
        LOW = "low", _("Coût faible")
        MEDIUM = "medium", _("Coût moyen")
        HIGH = "high", _("Coût élevé")
        UNKNOWN = "unknown", _("Non évalué")

    class FollowUp(models.TextChoices):
        NOT_TAKEN_UP = "not_taken_up", _("Non reprise")
        IN_DPC = "in_dpc", _("Reprise dans une DPC")
        IN_PCS = "in_pcs", _("Reprise dans un PCS")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")

    memorandum = models.ForeignKey(
        Memorandum,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("mémorandum"),
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Unique dans le mémorandum, par ex. R-7.")
    )
    text = models.TextField(_("recommandation"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("thématique"),
    )
    axis = models.ForeignKey(
        RightsAxis,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("axe de droits"),
    )
    level = models.CharField(_("niveau de pouvoir visé"), max_length=20, choices=Level)
    cost = models.CharField(
        _("indication de coût"), max_length=20, choices=Cost, default=Cost.UNKNOWN
    )
    follow_up = models.CharField(
        _("suivi"), max_length=20, choices=FollowUp, default=FollowUp.NOT_TAKEN_UP
    )
    follow_up_note = models.TextField(_("précisions sur le suivi"), blank=True)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_recommendation", _("Peut importer des recommandations")),
            ("export_recommendation", _("Peut exporter des recommandations")),
        ]
        ordering = ["memorandum", CodeOrder("code")]
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        constraints = [
            models.UniqueConstraint(
                fields=["memorandum", "code"],
                name="recommendation_unique_code_per_memorandum",
                violation_error_message=_("Ce code existe déjà dans ce mémorandum."),
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.text[:80]}"
