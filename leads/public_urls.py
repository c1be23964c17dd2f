from django.urls import path

from leads import public_views

app_name = "public"

urlpatterns = [
    path("inquiry/", public_views.public_inquiry, name="inquiry"),
]
