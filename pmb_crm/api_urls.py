"""REST API v1: each app contributes its routes from its own `api_urls` module."""

from django.urls import include, path

urlpatterns = [
    path("", include("leads.api_urls")),
    path("", include("inquiries.api_urls")),
    path("", include("content.api_urls")),
    path("", include("reports.api_urls")),
]
