from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Konfigurasi kantor"

    def ready(self) -> None:
        from core.template_library import home  # noqa: F401  (registers the home-page sections)
