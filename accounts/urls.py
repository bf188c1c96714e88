from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("connexion/", views.login, name="login"),
    path("connexion/code/", views.verify, name="verify"),
    path("deconnexion/", views.logout, name="logout"),
    path("mot-de-passe/", views.password_change, name="password-change"),
    path("double-authentification/", views.two_factor, name="two-factor"),
    path("double-authentification/retirer/", views.two_factor_remove, name="two-factor-remove"),
]
