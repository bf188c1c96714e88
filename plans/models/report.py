from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .plan import Plan


class FrozenReportQuerySet(models.QuerySet):
    def without_files(self):
        """Lists need who froze what and when, not the stored files and figures."""
        return self.defer("data", "html", "pdf", "csv", "csv_dictionary", "xlsx")


class FrozenReport(models.Model):
    """The annual plenary report of a plan, frozen when the plenary assembly was held.

    What the plenary received must stay what it received: the report's figures and its
    files (HTML, its PDF, CSV and its data dictionary, XLSX) are stored as they were built, and
    download again byte for byte whatever is edited afterwards. The live figures can be
    compared with them (plans.reporting.compare_with_live).
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="frozen_reports", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    frozen_at = models.DateTimeField(_("figé le"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="frozen_reports",
        verbose_name=_("figé par"),
    )
    data = models.JSONField(
        _("chiffres du rapport"),
        help_text=_("Les chiffres et les listes du rapport, pour la comparaison."),
    )
    html = models.TextField(_("rapport HTML"))
    pdf = models.BinaryField(_("rapport PDF"), default=b"")
    csv = models.BinaryField(_("fichier CSV"))
    csv_dictionary = models.BinaryField(_("dictionnaire du fichier CSV"))
    xlsx = models.BinaryField(_("classeur XLSX"))

    objects = FrozenReportQuerySet.as_manager()

    class Meta:
        # Freezing is granted on its own: it cannot be undone by a coordinator.
        permissions = [("freeze_report", _("Peut figer un rapport annuel"))]
        ordering = ["-year", "plan__code"]
        verbose_name = _("rapport annuel figé")
        verbose_name_plural = _("rapports annuels figés")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="frozenreport_unique_year_per_plan",
                violation_error_message=_(
                    "Le rapport annuel de ce plan pour cette année est déjà figé."
                ),
            ),
        ]

    def __str__(self):
        return _("Rapport annuel %(year)s — %(plan)s") % {"year": self.year, "plan": self.plan}
