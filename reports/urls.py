from django.urls import path

from reports import faq_views, page_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("daily/", page_views.daily, name="daily"),
    path("costs/", page_views.cost_list, name="costs"),
    path("costs/<int:pk>/delete/", page_views.cost_delete, name="cost-delete"),
    path("faq/", faq_views.faq_update, name="faq"),
    path("faq/propose/", faq_views.faq_propose, name="faq_propose"),
]
