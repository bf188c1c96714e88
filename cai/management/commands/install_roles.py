from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cai.roles import install_roles


class Command(BaseCommand):
    help = _(
        "Crée les quatre rôles (administrateurs, coordinateurs, équipe du CAI, partenaires) "
        "ou remet leurs permissions à jour. À relancer après chaque migration."
    )

    def handle(self, *args, **options):
        names = install_roles()
        self.stdout.write(_("Rôles à jour : %(names)s.") % {"names": ", ".join(names)})
