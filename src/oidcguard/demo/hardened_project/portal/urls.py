from django.urls import include, path

from accounts import views

urlpatterns = [
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("api/profile/", views.profile),
]
