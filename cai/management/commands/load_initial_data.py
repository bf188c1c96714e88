from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cai.models import Commune


class Command(BaseCommand):
    help = _(
        "Charge les données de référence et l'historique réel (fixtures reference et history) "
        "dans une base vide. Une base qui contient déjà des communes n'est pas touchée, pour "
        "ne jamais écraser le travail des coordinateurs ; utilisez loaddata pour forcer."
    )

    def handle(self, *args, **options):
        if Commune.objects.exists():
            self.stdout.write(_("Données de référence déjà présentes : rien n'a été rechargé."))
            return
        call_command("loaddata", "reference", "history", verbosity=0)
        self.stdout.write(_("Données de référence et historique chargés."))
