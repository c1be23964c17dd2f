"""Settings of the peer (DjangoCRM, `django-crm-admin` from PyPI) for the side-by-side benchmark.

Imported only by the peer's own Python 3.12 virtualenv (`var/peer/venv`, see benchmarks/peer/__main__.py),
never by PMB CRM: it starts from the package's own `webcrm.settings` and changes only what a
deployment changes — the database (PostgreSQL from PEER_DATABASE_URL), DEBUG off, hosts, and the
media folder (outside site-packages).
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from webcrm.settings import *  # noqa: F403 - the peer's shipped settings, changed below

_url = urlparse(os.environ["PEER_DATABASE_URL"])
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": unquote(_url.username or ""),
        "PASSWORD": unquote(_url.password or ""),
        "HOST": _url.hostname or "",
        "PORT": str(_url.port or ""),
        # Same as PMB CRM's benchmark: one persistent connection for the whole run.
        "CONN_MAX_AGE": None,
    }
}
DEBUG = False
SECRET_KEY = "peer-benchmark-only-" + "x" * 40
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
MEDIA_ROOT = Path(os.environ.get("PEER_MEDIA_ROOT", "var/peer/media")).resolve()
GEOIP_PATH = MEDIA_ROOT / "geodb"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
