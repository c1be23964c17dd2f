"""The URLconf of the lean webhook handler (`pmb_crm.webhook_handler`): the webhook URLs only."""

from django.urls import include, path

urlpatterns = [path("webhooks/", include("inquiries.webhook_urls"))]
