import datetime
import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from cai.models import Organisation, User
from cai.roles import COORDINATORS, PARTNERS, STAFF, install_roles
from plans.demo.reference import DEMO_PREFIX, DEMO_TODAY
from plans.models import Action, ActionUpdate, Plan


class Command(BaseCommand):
    help = _(
        "Crée trois comptes pour essayer les rôles sur les données de démonstration : une "
        "coordinatrice et un membre de l'équipe qui suivent le premier plan de démonstration, "
        "et un partenaire de l'organisation qui y porte le plus d'actions, avec trois points "
        "à valider et un point renvoyé. Les mots de passe sont générés et affichés une fois ; "
        "--reset en génère de nouveaux."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help=_("Génère de nouveaux mots de passe.")
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/compte/connexion/")

    def handle(self, *args, reset, url, **options):
        plan = Plan.objects.filter(code__startswith=DEMO_PREFIX).order_by("code").first()
        if plan is None:
            raise CommandError(_("Aucun plan de démonstration : lancez d'abord demo_data."))
        organisation = (
            Organisation.objects.filter(led_actions__plan=plan)
            .annotate(n=Count("led_actions"))
            .order_by("-n", "code")
            .first()
        )
        install_roles()
        # E-mail addresses of the reserved example.org domain: in `make run` their e-mails
        # (notifications) are printed on the terminal.
        accounts = [
            ("coordination-demo", COORDINATORS, {"is_staff": True, "first_name": "Claire"}),
            ("equipe-demo", STAFF, {"is_staff": True, "first_name": "Samir"}),
            ("partenaire-demo", PARTNERS, {"organisation": organisation, "first_name": "Inès"}),
        ]
        for username, _role, fields in accounts:
            fields["email"] = f"{username}@example.org"
        for username, role, fields in accounts:
            self.account(username, role, fields, plan, reset, url)
        self.partner_reports(User.objects.get(username="partenaire-demo"), plan)

    def partner_reports(self, partner, plan):
        """Four updates of the partner on its actions, so that the coordinator's home, the
        queue and the partner area show the review at work: three submitted (the home lists
        them oldest first), one returned with a reason."""
        if ActionUpdate.objects.filter(author=partner).exists():
            return
        actions = plan.actions.filter(lead_organisation=partner.organisation).order_by("code")
        coordinator = User.objects.get(username="coordination-demo")
        returned_flags = [False, False, False, True]
        for days_before, (action, returned) in enumerate(
            zip(actions[: len(returned_flags)], returned_flags, strict=False)
        ):
            update = ActionUpdate.objects.create(
                action=action,
                reported_on=DEMO_TODAY - datetime.timedelta(days=3 * days_before),
                status=Action.Status.IN_PROGRESS,
                progress=min(action.progress + 20, 100),
                note=_("Point rédigé par le partenaire (démonstration)."),
                author=partner,
                review_status=ActionUpdate.Review.DRAFT,
            )
            update.submit()
            if returned:
                update.return_to_partner(
                    by=coordinator,
                    reason=_("Pouvez-vous préciser le nombre de participants ? (démonstration)"),
                )

    def account(self, username, role, fields, plan, reset, url):
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if not created and not reset:
            self.stdout.write(
                _("« %(username)s » existe déjà (%(role)s).") % {"username": username, "role": role}
            )
            return
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        user.groups.add(*Group.objects.filter(name=role))
        if user.is_staff:
            plan.team.add(user)
        self.stdout.write(
            _("%(role)s : « %(username)s », mot de passe %(password)s — %(url)s")
            % {"role": role, "username": username, "password": password, "url": url}
        )
