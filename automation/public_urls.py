from django.urls import path

from automation import views

app_name = "unsubscribe"

urlpatterns = [
    path("<str:token>/", views.unsubscribe, name="unsubscribe"),
]
