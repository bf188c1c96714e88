"""Reference data shared by every plan: territory, partners, the CAI taxonomy, rights frameworks.

These vocabularies are tables loaded from fixtures, never hard-coded: staff may extend them,
and a new rights framework (PCS 2026–2031) arrives as data.
"""

import unicodedata

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

nis_code_validator = RegexValidator(
    r"\A[0-9]{5}\Z", _("Un code INS compte exactement cinq chiffres."), code="invalid_nis_code"
)


class User(AbstractUser):
    """A person who logs in: the CAI's administrators, coordinators and staff, who work in the
    admin, and partner users, who report on their organisation's actions in the partner area.
    Roles are groups (cai.roles)."""

    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
        help_text=_(
            "Pour un utilisateur partenaire : l'organisation pour laquelle il rend compte de "
            "l'avancement des actions."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")


# --- Territory -------------------------------------------------------------------------------


class Province(models.Model):
    nis_code = models.CharField(
        _("code INS"), max_length=5, primary_key=True, validators=[nis_code_validator]
    )
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Arrondissement(models.Model):
    nis_code = models.CharField(
        _("code INS"), max_length=5, primary_key=True, validators=[nis_code_validator]
    )
    name = models.CharField(_("nom"), max_length=100)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="arrondissements",
        verbose_name=_("province"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def in_province(self, province):
        return self.filter(arrondissement__province=province)

    def with_action_counts(self):
        """Each commune with the number of published actions located there."""
        published = Q(actions__is_published=True, actions__plan__is_published=True)
        return self.annotate(action_count=Count("actions", filter=published))

    def published_action_counts(self):
        """{NIS code: number of published actions located there}, for these communes."""
        return dict(self.with_action_counts().values_list("pk", "action_count"))

    def with_published_actions(self):
        """The communes where at least one published action is located.

        Asked commune by commune, stopping at the first such action: counting them all, or an
        EXISTS (which PostgreSQL turns into a join over every commune link), reads the
        100,000 links of the Walloon scale where a few hundred index probes suffice.
        """
        Action = self.model.actions.field.model  # plans.Action, which imports this module
        first = Action.objects.published().filter(communes=OuterRef("pk")).order_by()
        return self.alias(first_action=Subquery(first.values("pk")[:1])).filter(
            first_action__isnull=False
        )


class Commune(models.Model):
    """A commune, keyed by its official NIS (REFNIS) code, kept as text ("92094")."""

    nis_code = models.CharField(
        _("code INS"),
        max_length=5,
        primary_key=True,
        validators=[nis_code_validator],
        help_text=_("Code INS officiel de Statbel, cinq chiffres (par ex. 92094 pour Namur)."),
    )
    name = models.CharField(_("nom"), max_length=100)
    arrondissement = models.ForeignKey(
        Arrondissement,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("arrondissement"),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:commune-detail", args=[self.nis_code])


# --- Partners --------------------------------------------------------------------------------


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    """A partner of the CAI: association, public service, commune, CPAS, the Province…

    Only public contact details are kept. A contact person's name is internal and
    never shown on public pages.
    """

    class Kind(models.TextChoices):
        IMMIGRANT_ASSOCIATION = "immigrant_association", _("Association d'immigrés")
        HOST_ASSOCIATION = "host_association", _("Association de la société d'accueil")
        ILI = "ili", _("Initiative locale d'intégration (ILI)")
        COMMUNE = "commune", _("Administration communale")
        CPAS = "cpas", _("CPAS")
        PROVINCE = "province", _("Province")
        REGION = "region", _("Région")
        CRI = "cri", _("Centre régional d'intégration (CRI)")
        HEALTH_PROMOTION = "health_promotion", _("Centre de promotion de la santé")
        FEDASIL_CENTRE = "fedasil_centre", _("Centre d'accueil Fedasil")
        EDUCATION = "education", _("École ou organisme de formation")
        OTHER = "other", _("Autre")

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Identifiant stable utilisé dans les imports et exports (par ex. cai, clps)."),
    )
    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind)
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="organisations",
        verbose_name=_("communes d'activité"),
        help_text=_("Communes où l'organisation est active."),
    )
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(
        _("courriel"), blank=True, help_text=_("Adresse générale de l'organisation, publique.")
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    contact_name = models.CharField(
        _("personne de contact"),
        max_length=120,
        blank=True,
        help_text=_("Usage interne uniquement : jamais affiché publiquement."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        # Spreadsheet exchange: importing and exporting are granted separately.
        permissions = [
            ("import_organisation", _("Peut importer des organisations")),
            ("export_organisation", _("Peut exporter des organisations")),
        ]
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


# --- The CAI taxonomy ------------------------------------------------------------------------


def label_key(text):
    """A taxonomy label as a key that survives how people type it: the CAI's cards write
    "Equipe" for "Équipe", "Personnes étrangère" for "Personnes étrangères", and ’ for '."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore")
    return " ".join(word.rstrip("s") for word in plain.decode().casefold().split())


class Term(models.Model):
    """A word of one of the CAI's classification vocabularies, with a stable slug."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("libellé"), max_length=120)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class InterventionAxis(Term):
    """An "axe stratégique d'intervention" of the CAI (Accompagnement, Interpellation…)."""

    class Meta(Term.Meta):
        verbose_name = _("axe d'intervention")
        verbose_name_plural = _("axes d'intervention")


class TargetPublic(Term):
    """A "public ciblé", in one of three groups: the CAI itself, operators, people."""

    class Group(models.TextChoices):
        CAI = "cai", _("CAI")
        OPERATORS = "operators", _("Opérateurs")
        PEOPLE = "people", _("Personnes")

    group = models.CharField(_("groupe"), max_length=20, choices=Group)

    class Meta(Term.Meta):
        ordering = ["group", "position", "name"]
        verbose_name = _("public ciblé")
        verbose_name_plural = _("publics ciblés")


class Theme(Term):
    """A "thématique", general (Logement, Santé…) or specific to integration (Asile…)."""

    class Group(models.TextChoices):
        GENERAL = "general", _("Thématiques générales")
        SPECIFIC = "specific", _("Thématiques spécifiques")

    group = models.CharField(_("groupe"), max_length=20, choices=Group)

    class Meta(Term.Meta):
        ordering = ["group", "position", "name"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")


class Audience(Term):
    """Who a dated milestone matters to ("essentiel pour")."""

    class Meta(Term.Meta):
        verbose_name = _("public « essentiel pour »")
        verbose_name_plural = _("publics « essentiel pour »")


class Acronym(models.Model):
    """An acronym users type (PLI, BAPA…), with its expansion, for the glossary."""

    acronym = models.CharField(_("sigle"), max_length=20, unique=True)
    expansion = models.CharField(_("signification"), max_length=250)
    note = models.TextField(_("remarque"), blank=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("sigle")
        verbose_name_plural = _("sigles")

    def __str__(self):
        return f"{self.acronym} — {self.expansion}"


# --- Rights frameworks -----------------------------------------------------------------------


class RightsFramework(models.Model):
    """A versioned grid of fundamental rights a plan is read against.

    The grids change with each programming of the communes' Plans de cohésion sociale
    (6 rights in 2014–2019, 7 axes in 2020–2025, a new grid announced for 2026–2031),
    so a plan keeps the grid that was in force when it was written.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("première année"))
    end_year = models.PositiveSmallIntegerField(_("dernière année"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("grille des droits fondamentaux")
        verbose_name_plural = _("grilles des droits fondamentaux")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="rightsframework_years_in_order",
                violation_error_message=_(
                    "La dernière année ne peut pas précéder la première année."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class RightsAxisQuerySet(models.QuerySet):
    def in_grids_of(self, plans):
        """The axes of the grids these plans are read against, grid after grid (every axis
        when one of them has no grid yet: any axis is then accepted for it)."""
        without_grid = models.Exists(plans.filter(framework__isnull=True))
        return (
            self.filter(without_grid | models.Q(framework__in=plans.values("framework")))
            .select_related("framework")
            .order_by("framework__start_year", "framework_id", "number")
        )


class RightsAxis(models.Model):
    """One fundamental right (or axis) of a framework, e.g. "Logement décent"."""

    framework = models.ForeignKey(
        RightsFramework,
        on_delete=models.PROTECT,
        related_name="axes",
        verbose_name=_("grille"),
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Identifiant stable, par ex. pcs2020-logement."),
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    name = models.CharField(_("intitulé"), max_length=250)
    short_name = models.CharField(_("intitulé court"), max_length=60)

    objects = RightsAxisQuerySet.as_manager()

    class Meta:
        ordering = ["framework__start_year", "number"]
        verbose_name = _("axe de droits fondamentaux")
        verbose_name_plural = _("axes de droits fondamentaux")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="rightsaxis_unique_number_per_framework",
                violation_error_message=_("Cette grille a déjà un axe portant ce numéro."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.short_name}"

    def get_absolute_url(self):
        return reverse("plans:axis-detail", args=[self.code])


# --- Dates known only to the month or the year ---------------------------------------------


class DatePrecision(models.TextChoices):
    """How much of a historical date is known: the 2007 colloquium is known to the month only."""

    DAY = "day", _("jour")
    MONTH = "month", _("mois")
    YEAR = "year", _("année")


def format_partial_date(value, precision):
    """Write a date only as precisely as it is known ("novembre 2007", "2006")."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return date_format(value, "F Y")
    return format_long_date(value)


def format_long_date(value):
    """A date as Belgians write it: "1er avril 2026", "2 avril 2026" (English: "1 April 2026")."""
    if value is None:
        return ""
    if value.day == 1 and get_language().startswith("fr"):
        return date_format(value, r"j\e\r F Y")
    return date_format(value, "j F Y")
