from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cai.spreadsheets import COMMA, SEMICOLON
from plans.models import FrozenReport, Plan
from plans.reporting import (
    build_report,
    freeze_report,
    render_csv,
    render_csv_dictionary,
    render_html,
    render_pdf,
    render_xlsx,
)
from plans.reporting.data import is_report_year

FORMATS = ["html", "pdf", "csv", "xlsx", "dictionary"]
# What a frozen report stored for each format.
FROZEN_FIELDS = {
    "html": "html",
    "pdf": "pdf",
    "csv": "csv",
    "xlsx": "xlsx",
    "dictionary": "csv_dictionary",
}


class Command(BaseCommand):
    help = _(
        "Écrit le rapport annuel d'un plan pour une année (rapport à l'assemblée plénière) : "
        "la situation des actions au 31 décembre, la concertation, le suivi des "
        "recommandations et la couverture du diagnostic. Avec --frozen, écrit le rapport "
        "figé tel qu'il a été conservé ; avec --freeze, le fige d'abord."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_code", help=_("Code du plan, par ex. ppli-2."))
        parser.add_argument("year", type=int, help=_("Année du rapport, par ex. 2025."))
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="html",
            help=_("html (par défaut), pdf, csv, xlsx ou dictionary."),
        )
        parser.add_argument(
            "--comma", action="store_true", help=_("CSV séparé par des virgules au lieu de « ; ».")
        )
        parser.add_argument(
            "--frozen", action="store_true", help=_("Écrire le rapport figé, octet pour octet.")
        )
        parser.add_argument(
            "--freeze",
            action="store_true",
            help=_("Figer le rapport de l'année (une seule fois), puis l'écrire."),
        )
        parser.add_argument(
            "--user",
            help=_("Nom d'utilisateur de la personne qui fige le rapport (avec --freeze)."),
        )
        parser.add_argument("--output", required=True, help=_("Fichier à écrire."))

    def handle(
        self, *args, plan_code, year, format, comma, frozen, freeze, user, output, **options
    ):
        plan = Plan.objects.filter(code=plan_code).first()
        if plan is None:
            raise CommandError(_("Aucun plan n'a le code « %(code)s ».") % {"code": plan_code})
        if not is_report_year(year):
            raise CommandError(_("Pas de rapport pour l'année %(year)s.") % {"year": year})
        if comma and (frozen or freeze):
            raise CommandError(_("Un rapport figé n'est conservé qu'avec le séparateur « ; »."))
        if freeze:
            self.freeze(plan, year, user)
        if frozen or freeze:
            content = self.frozen_content(plan, year, format)
        else:
            content = self.live_content(plan, year, format, COMMA if comma else SEMICOLON)
        Path(output).write_bytes(content)
        self.stdout.write(
            _("Rapport %(year)s du plan %(plan)s (%(format)s%(frozen)s) écrit dans %(output)s.")
            % {
                "year": year,
                "plan": plan.code,
                "format": format,
                "frozen": _(", figé") if frozen or freeze else "",
                "output": output,
            }
        )

    def freeze(self, plan, year, username):
        person = None
        if username:
            person = get_user_model().objects.filter(username=username).first()
            if person is None:
                raise CommandError(_("Aucun utilisateur « %(name)s ».") % {"name": username})
        try:
            freeze_report(plan=plan, year=year, user=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def frozen_content(self, plan, year, format):
        stored = FrozenReport.objects.filter(plan=plan, year=year).first()
        if stored is None:
            raise CommandError(
                _("Le rapport %(year)s du plan %(plan)s n'a pas été figé.")
                % {"year": year, "plan": plan.code}
            )
        content = getattr(stored, FROZEN_FIELDS[format])
        return content.encode() if isinstance(content, str) else bytes(content)

    def live_content(self, plan, year, format, delimiter):
        if format == "dictionary":
            return render_csv_dictionary(delimiter)
        report = build_report(plan=plan, year=year)
        if format == "csv":
            return render_csv(report, delimiter)
        if format == "xlsx":
            return render_xlsx(report)
        if format == "pdf":
            return render_pdf(report)
        return render_html(report).encode()
