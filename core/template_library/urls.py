from django.urls import path

from core.template_library import views

app_name = "templates"

urlpatterns = [
    path("", views.library, name="list"),
    path("queue/", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/active/", views.set_active, name="set_active"),
    path("versions/<int:version_id>/submit/", views.submit, name="submit"),
    path("versions/<int:version_id>/approve/", views.approve, name="approve"),
    path("versions/<int:version_id>/return/", views.send_back, name="return"),
]
