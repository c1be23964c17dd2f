from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Laporan")

    def ready(self):
        from outbox.models import Purpose
        from outbox.senders import register_attachments
        from reports import (
            home,  # noqa: F401 - registers the home section
            rollups,
        )
        from reports.services import report_attachments

        register_attachments(Purpose.REPORT, report_attachments)
        rollups.connect()
