from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("nav/badge/<str:name>/", views.nav_badge, name="nav_badge"),
]
