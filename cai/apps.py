from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaiConfig(AppConfig):
    name = "cai"
    verbose_name = _("Référentiels du CAI")
