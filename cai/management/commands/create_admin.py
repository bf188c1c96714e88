import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _(
        "Crée le compte administrateur avec un mot de passe généré et l'affiche une fois. "
        "Si le compte existe, le mot de passe n'est changé qu'avec --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@cai.localhost")
        parser.add_argument(
            "--reset", action="store_true", help=_("Génère un nouveau mot de passe.")
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, email, reset, url, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user and not reset:
            self.stdout.write(
                _(
                    "Le compte « %(username)s » existe déjà ; son mot de passe est inchangé "
                    "(make run ADMIN_RESET=1 ou manage.py create_admin --reset pour en générer "
                    "un nouveau). Connexion : %(url)s"
                )
                % {"username": username, "url": url}
            )
            return
        password = secrets.token_urlsafe(12)
        if user:
            user.set_password(password)
            user.save(update_fields=["password"])
        else:
            User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Connectez-vous sur %(url)s avec l'identifiant « %(username)s » "
                    "et le mot de passe : %(password)s"
                )
                % {"url": url, "username": username, "password": password}
            )
        )
