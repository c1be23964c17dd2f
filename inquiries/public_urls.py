from django.urls import path

from inquiries import website_views

app_name = "public"

urlpatterns = [
    path("inquiry/", website_views.public_inquiry, name="inquiry"),
]
