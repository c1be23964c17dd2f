from django.urls import path

from leads import call_views

app_name = "calls"

urlpatterns = [
    path("", call_views.call_queue, name="queue"),
    path("<int:follow_up_id>/form/", call_views.call_form, name="form"),
    path("<int:follow_up_id>/log/", call_views.call_log, name="log"),
]
