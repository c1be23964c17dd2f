from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inquiries"
    verbose_name = _("Inbox pertanyaan")

    def ready(self) -> None:
        from inquiries import (
            home,  # noqa: F401  (registers the home-page sections)
            texts,  # noqa: F401  (defines the codes of the texts the inbox stores)
        )
        from inquiries.services.mailbox import email_reply_headers
        from outbox.delivery import register_header_provider

        register_header_provider(email_reply_headers)
