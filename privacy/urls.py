"""Mounted under /leads/ (the paths staff and the API docs already know)."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/scan/", views.duplicate_scan, name="scan"),
    path("duplicates/dismiss/", views.duplicate_dismiss, name="dismiss"),
    path("merge/", views.lead_merge, name="merge"),
    path("merges/<int:merge_id>/undo/", views.merge_undo, name="undo"),
    path("<int:lead_id>/privacy/export/", views.lead_privacy_export, name="export"),
    path("<int:lead_id>/privacy/erase/", views.lead_erase, name="erase"),
]
