from django.urls import path

from leads import activity_views, import_views, manage_views, views

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("new/", views.lead_create, name="create"),
    path("interactions/", activity_views.interaction_list, name="interactions"),
    path("follow-ups/", activity_views.follow_up_list, name="follow_ups"),
    path("bulk/", views.lead_bulk, name="bulk"),
    path("segments/", views.segment_save, name="save_segment"),
    path("export/", manage_views.lead_export, name="export"),
    path("import/", import_views.lead_import, name="import"),
    path("import/template.csv", manage_views.import_template, name="import_template"),
    path("import/<int:job_id>/", import_views.import_job, name="import_job"),
    path("import/<int:job_id>/progress/", import_views.import_progress, name="import_progress"),
    path("import/<int:job_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<int:job_id>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("import/<int:job_id>/rejected.csv", import_views.import_rejected, name="import_rejected"),
    path("<int:lead_id>/", views.lead_detail, name="detail"),
    path("<int:lead_id>/edit/", views.lead_edit, name="edit"),
    path("<int:lead_id>/transition/", views.lead_transition, name="transition"),
    path("<int:lead_id>/interactions/", views.lead_log_interaction, name="log_interaction"),
    path("<int:lead_id>/verify/", views.lead_verify, name="verify"),
]
