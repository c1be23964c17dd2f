from django.urls import path

from leads import unsubscribe_views

app_name = "unsubscribe"

urlpatterns = [
    path("<str:token>/", unsubscribe_views.unsubscribe, name="unsubscribe"),
]
