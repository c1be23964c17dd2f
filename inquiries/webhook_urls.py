from django.urls import path

from inquiries import webhook_views

app_name = "webhooks"

urlpatterns = [
    path("whatsapp/", webhook_views.whatsapp, name="whatsapp"),
    path("meta/", webhook_views.meta, name="meta"),
]
