from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Konfigurasi kantor")

    def ready(self) -> None:
        from core.template_library import home  # noqa: F401  (registers the home-page sections)
