from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "automation"
    verbose_name = _("Otomasi dan kotak keluar")

    def ready(self) -> None:
        from automation import home  # noqa: F401  (registers the home-page sections)
