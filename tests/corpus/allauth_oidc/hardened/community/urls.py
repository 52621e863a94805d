from django.contrib import admin
from django.urls import include, path

from forum import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", views.index, name="index"),
    path("sso/return/", views.sso_return, name="sso-return"),
]
