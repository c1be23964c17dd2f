from django.urls import path

from reports import faq_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("faq/", faq_views.faq_update, name="faq"),
    path("faq/propose/", faq_views.faq_propose, name="faq_propose"),
]
