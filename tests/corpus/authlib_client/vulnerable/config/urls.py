from django.urls import path

from reports import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("auth/callback/", views.callback, name="callback"),
    path("logout/", views.logout, name="logout"),
    path("", views.home, name="home"),
]
