import sqlite3

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_SQLITE_INT = range(-(2**63), 2**63)


def _bind_int(value: int):
    # SQLite cannot bind an int beyond 64 bits and raises OverflowError, which Django's forms, DRF and
    # get_object_or_404 do not catch (a 500 for `?owner=99999999999999999999`). Bound as text such a
    # value matches no integer row, as on PostgreSQL: the caller sees "does not exist" and answers 4xx.
    return value if value in _SQLITE_INT else str(value)


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Konfigurasi kantor")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.sessions import start_clocks

        sqlite3.register_adapter(int, _bind_int)
        user_logged_in.connect(start_clocks, dispatch_uid="core.sessions.start_clocks")
        from core.template_library import (
            home,  # noqa: F401  (registers the home-page sections)
            texts,  # noqa: F401  (defines the codes of its history notes)
        )
