from django.contrib import admin
from django.urls import include, path

from billing import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/", include("social_django.urls", namespace="social")),
    path("invoices/", views.invoices, name="invoices"),
    path("api/export/", views.export, name="export"),
]
