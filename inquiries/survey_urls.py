from django.urls import path

from inquiries import survey_views

app_name = "survey"

urlpatterns = [path("<str:token>/", survey_views.survey, name="form")]
