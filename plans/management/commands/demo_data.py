import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans import demo


class Command(BaseCommand):
    help = _(
        "Crée des données de démonstration fictives (plans « (démonstration) », codes en "
        "« demo- ») sur les données de référence déjà chargées. La même graine donne "
        "toujours les mêmes données."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            default="small",
            help=_(
                "small (par défaut), medium, cai (un centre : 5 000 actions), large, wallonia "
                "(les huit centres wallons : 100 000 actions, 262 communes dont 224 fictives), "
                "ou un nombre d'actions."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=_("Graine du tirage (1 par défaut).")
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Ne rien faire si des données de démonstration existent déjà."),
        )

    def handle(self, *args, size, seed, if_empty, **options):
        if if_empty and demo.demo_data_present():
            self.stdout.write(_("Données de démonstration déjà présentes : rien n'a été créé."))
            return
        started = time.monotonic()
        try:
            created = demo.create_demo_data(size=size, seed=seed)
        except demo.DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Données de démonstration créées en %(seconds).1f s : %(plans)d plans, "
                "%(actions)d actions, %(updates)d points d'avancement, %(organisations)d "
                "organisations, %(spaces)d espaces de concertation, %(meetings)d réunions."
            )
            % {"seconds": time.monotonic() - started, **created}
        )
