"""The Celery application: `celery -A pmb_crm.celery:app worker|beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmb_crm.settings")

app = Celery("pmb_crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
