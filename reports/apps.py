from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Laporan"

    def ready(self):
        from reports import home  # noqa: F401 - registers the home section
