from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CaiConfig(AppConfig):
    name = "cai"
    verbose_name = _("Référentiels du CAI")

    def ready(self):
        from .codes import add_sqlite_function

        connection_created.connect(add_sqlite_function, dispatch_uid="cai.codes.sqlite")
