from django.urls import path, re_path

from . import views

app_name = "concertation"

urlpatterns = [
    path("", views.space_list, name="space-list"),
    path("reunions.ics", views.site_calendar, name="site-ics"),
    path("reunions/<int:pk>.ics", views.meeting_calendar, name="meeting-ics"),
    re_path(
        r"^communes/(?P<nis_code>[0-9]{5})/reunions\.ics$",
        views.commune_calendar,
        name="commune-ics",
    ),
    path("<slug:code>/", views.space_detail, name="space-detail"),
    path("<slug:code>/reunions.ics", views.space_calendar, name="space-ics"),
]
