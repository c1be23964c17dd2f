from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The outbox: every outbound message is a row sent by a task that claims it.

    The app label stays `automation` (the package's former name): database tables, migrations,
    content types and permission codenames (`automation.change_outboundmessage`) keep their names,
    so existing databases need no data move.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "outbox"
    label = "automation"
    verbose_name = _("Kotak keluar")

    def ready(self) -> None:
        from outbox import (
            home,  # noqa: F401  (registers the home-page sections; needs the app registry)
            texts,  # noqa: F401  (defines the codes of the texts the outbox stores)
        )
