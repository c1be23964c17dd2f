"""WSGI config for pmb_crm project: the Django application, with platform webhook POSTs routed to
the lean handler of `pmb_crm.webhook_handler`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmb_crm.settings")

django_application = get_wsgi_application()  # sets Django up

from pmb_crm.webhook_handler import WebhookHandler, WebhookRouter  # noqa: E402 (needs settings)

application = WebhookRouter(django_application, WebhookHandler())
