from django.urls import path

from outbox import views

app_name = "outbox"

urlpatterns = [
    path("failed/", views.failed_list, name="failed"),
    path("<int:message_id>/retry/", views.retry, name="retry"),
    path("alerts/<int:alert_id>/", views.alert_open, name="alert_open"),
]
