from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    # Outside the language prefix: probes ask for /health/ and nothing else.
    path("health/", views.health, name="health"),
]
# The language switch lives under the language prefix too: set_language can only translate
# the page's address from the language that page is in.
urlpatterns += i18n_patterns(
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("compte/", include("accounts.urls")),
    path("concertation/", include("concertation.urls")),
    path("partenaires/", include("partners.urls")),
    path("contact/", views.site_page, name="site-contact"),
    path("mentions-legales/", views.site_page, name="site-legal"),
    path("accessibilite/", views.site_page, name="site-accessibility"),
    path("", include("plans.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
