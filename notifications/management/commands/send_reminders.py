from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.reminders import send_digests


class Command(BaseCommand):
    help = _(
        "Envoie le rappel hebdomadaire : aux utilisateurs de l'organisation porteuse, leurs "
        "actions sans point approuvé depuis REMINDER_STALE_MONTHS mois ou échues et non "
        "réalisées ; aux coordinateurs, les mêmes pour leurs plans et les points qui attendent "
        "depuis plus de 7 jours. Au plus un rappel par personne en 7 jours : à lancer chaque "
        "jour (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-only",
            action="store_true",
            help=_("Mettre les rappels dans la file d'envoi sans les envoyer (send_queued_mail)."),
        )

    def handle(self, *args, queue_only, **options):
        sent = send_digests(now=timezone.now(), stale_months=settings.REMINDER_STALE_MONTHS)
        if not queue_only:
            # Through post_office's own command and lock: never at the same time as cron's.
            call_command("send_queued_mail", verbosity=0)
        message = ngettext(
            "%(count)d rappel hebdomadaire mis en file d'envoi.",
            "%(count)d rappels hebdomadaires mis en file d'envoi.",
            sent,
        )
        self.stdout.write(message % {"count": sent})
