from django.contrib import admin
from django.urls import include, path

from accounts import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("api/me/", views.me, name="me"),
    path("api/introspect-debug/", views.introspect_debug, name="introspect-debug"),
]
