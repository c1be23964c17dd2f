from django.urls import path

from leads import activity_views, manage_views, views

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("new/", views.lead_create, name="create"),
    path("interactions/", activity_views.interaction_list, name="interactions"),
    path("follow-ups/", activity_views.follow_up_list, name="follow_ups"),
    path("bulk/", views.lead_bulk, name="bulk"),
    path("segments/", views.segment_save, name="save_segment"),
    path("export/", manage_views.lead_export, name="export"),
    path("import/", manage_views.lead_import, name="import"),
    path("import/template.csv", manage_views.import_template, name="import_template"),
    path("import/<str:token>/rejected.csv", manage_views.import_rejected, name="import_rejected"),
    path("<int:lead_id>/", views.lead_detail, name="detail"),
    path("<int:lead_id>/edit/", views.lead_edit, name="edit"),
    path("<int:lead_id>/transition/", views.lead_transition, name="transition"),
    path("<int:lead_id>/interactions/", views.lead_log_interaction, name="log_interaction"),
    path("<int:lead_id>/verify/", views.lead_verify, name="verify"),
]
