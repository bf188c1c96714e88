from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = _(
        "Retire l'application d'authentification d'un utilisateur (téléphone perdu ou "
        "remplacé) : il se connecte avec son mot de passe seul et, s'il est administrateur, "
        "en ajoute aussitôt une nouvelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Aucun utilisateur « %(username)s ».") % {"username": username})
        removed, _details = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(
            _("%(count)d application(s) d'authentification retirée(s) pour « %(username)s ».")
            % {"count": removed, "username": username}
        )
