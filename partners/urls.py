from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/points/nouveau/", views.update_create, name="update-create"),
    path("points/<int:pk>/", views.update_edit, name="update-edit"),
    path("points/<int:pk>/supprimer/", views.update_delete, name="update-delete"),
]
