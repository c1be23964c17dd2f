from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "leads"
    verbose_name = _("Calon mahasiswa")

    def ready(self) -> None:
        from leads import (
            home,  # noqa: F401  (registers the home-page sections)
            texts,  # noqa: F401  (defines the codes of the texts leads stores)
        )
        from leads.campaigns import home as campaign_home  # noqa: F401
