from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone

from .two_factor import owes_second_factor


class CaiAdminSite(admin.AdminSite):
    """The admin, entered only through the site's login (accounts:login).

    Its own login page would skip the throttling and the code: it sends there instead. An
    administrator who owes a code (REQUIRE_ADMIN_2FA) has no admin permission until the
    session gave one, so every admin page sends them to that login, which asks for it.
    """

    def has_permission(self, request):
        return super().has_permission(request) and not owes_second_factor(request.user)

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(next_url, reverse("accounts:login"))

    def index(self, request, extra_context=None):
        """The coordinator's home first (plans.workspace), then every table of the admin."""
        # Imported here: this site is built while the apps load, before their models.
        from plans.workspace import coordinator_workspace

        workspace = coordinator_workspace(user=request.user, today=timezone.localdate())
        return super().index(request, {"workspace": workspace, **(extra_context or {})})
