from django.urls import path

from reports import api

urlpatterns = [
    path("reports/daily/", api.daily, name="api-report-daily"),
    path("reports/weekly/", api.weekly, name="api-report-weekly"),
    path("reports/monthly/", api.monthly, name="api-report-monthly"),
]
