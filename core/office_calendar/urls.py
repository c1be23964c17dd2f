from django.urls import path

from core.office_calendar import views

app_name = "office_calendar"

urlpatterns = [
    path("", views.page, name="page"),
    path("weekly/", views.weekly, name="weekly"),
    path("closures/", views.add_closure, name="add_closure"),
    path("closures/<int:pk>/delete/", views.remove_closure, name="remove_closure"),
    path("overrides/", views.add_override, name="add_override"),
    path("overrides/<int:pk>/delete/", views.remove_override, name="remove_override"),
]
