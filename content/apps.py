from django.apps import AppConfig


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = "Konten media sosial"

    def ready(self) -> None:
        # Lower layers report touches (public form, messages, comments) without importing content.
        from content import attribution
        from core import touches

        touches.register(attribution.attribute_touch)
