from django.urls import path

from . import views

app_name = "concertation"

urlpatterns = [
    path("", views.space_list, name="space-list"),
    path("<slug:code>/", views.space_detail, name="space-detail"),
]
