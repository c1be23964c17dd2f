from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.manual_entry, name="manual_entry"),
    path("export/", views.export, name="export"),
    path("from-lead/<int:lead_id>/escalate/", views.escalate_lead, name="escalate_lead"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/conversation/", views.conversation, name="conversation"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/reply/template/", views.reply_template, name="reply_template"),
    path("<int:pk>/call-task/", views.call_task, name="call_task"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/typing/", views.typing, name="typing"),
    path("away/", views.away, name="away"),
    path("media/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
    path("<int:pk>/close/", views.close, name="close"),
    path("messages/<int:pk>/approve/", views.approve_message, name="approve_message"),
    path("messages/<int:pk>/retry/", views.retry_message, name="retry_message"),
    path("categories/", views.categories, name="categories"),
    path("escalations/", views.unit_queue, name="unit_queue"),
    path("escalations/summary/", views.chain_summary, name="chain_summary"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation"),
    path("escalations/<int:pk>/answer/", views.escalation_answer, name="escalation_answer"),
    path("escalations/<int:pk>/forward/", views.escalation_forward, name="escalation_forward"),
    path("escalations/<int:pk>/validate/", views.escalation_validate, name="escalation_validate"),
    path("escalations/<int:pk>/relay/", views.escalation_relay, name="escalation_relay"),
]
