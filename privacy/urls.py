"""Mounted under /leads/ (the paths staff and the API docs already know)."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("merge/", views.lead_merge, name="merge"),
    path("<int:lead_id>/privacy/export/", views.lead_privacy_export, name="export"),
    path("<int:lead_id>/privacy/erase/", views.lead_erase, name="erase"),
]
