from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.content_list, name="list"),
    path("new/", views.content_create, name="create"),
    path("calendar/", views.content_calendar, name="calendar"),
    path("evaluation/", views.content_evaluation, name="evaluation"),
    path("<int:item_id>/", views.content_detail, name="detail"),
    path("<int:item_id>/edit/", views.content_edit, name="edit"),
    path("<int:item_id>/transition/", views.content_transition, name="transition"),
    path("<int:item_id>/checklist/", views.content_checklist, name="checklist"),
    path("<int:item_id>/assets/", views.content_asset_add, name="asset_add"),
    path("assets/<int:asset_id>/", views.content_asset_file, name="asset_file"),
    path("attribute-lead/<int:lead_id>/", views.attribute_lead, name="attribute_lead"),
]
