from django.urls import path, register_converter

from . import views


class NisCodeConverter:
    """A NIS code is five digits: anything else is not a commune (404, never a query)."""

    regex = "[0-9]{5}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ActionCodeConverter(NisCodeConverter):
    """Action codes are typed by staff ("A-2.3"); a NUL byte would upset PostgreSQL."""

    regex = "[^/\x00]+"


register_converter(NisCodeConverter, "nis")
register_converter(ActionCodeConverter, "action_code")

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
    path(
        "plans/<slug:plan_code>/actions/<action_code:code>/",
        views.action_detail,
        name="action-detail",
    ),
    path("axes/<slug:code>/", views.axis_detail, name="axis-detail"),
    path("axes/<slug:code>/actions.csv", views.axis_csv, name="axis-csv"),
    path("communes/", views.commune_list, name="commune-list"),
    path("communes/<nis:nis_code>/", views.commune_detail, name="commune-detail"),
    path("memorandums/", views.memorandum_list, name="memorandum-list"),
    path("memorandums/<slug:code>/", views.memorandum_detail, name="memorandum-detail"),
    path("chronologie/", views.chronology, name="chronology"),
    path("chronologie/<slug:slug>/", views.milestone_detail, name="milestone-detail"),
    path("chronologie.csv", views.chronology_csv, name="chronology-csv"),
]
