from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from .middleware import start_the_clock

        user_logged_in.connect(start_the_clock, dispatch_uid="accounts.start_the_clock")


class CaiAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose `admin.site` is accounts.sites.CaiAdminSite: every
    `admin.register` of the project lands there as usual."""

    default = False
    default_site = "accounts.sites.CaiAdminSite"
