from django.urls import path

from content import tracking

app_name = "tracking"

urlpatterns = [path("<str:code>/", tracking.tracking_redirect, name="redirect")]
