from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = _("Konten media sosial")

    def ready(self) -> None:
        # Lower layers report touches (public form, messages, comments) without importing content.
        from content import attribution, home  # noqa: F401  (home registers the home-page section)
        from core import touches

        touches.register(attribution.attribute_touch)
