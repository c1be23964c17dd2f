from django.urls import path

from leads.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/submit/", views.campaign_submit, name="submit"),
    path("<int:pk>/approve/", views.campaign_approve, name="approve"),
    path("<int:pk>/return/", views.campaign_return, name="return"),
    path("<int:pk>/schedule/", views.campaign_schedule, name="schedule"),
    path("<int:pk>/test/", views.campaign_test, name="test"),
]
