"""The lean WSGI path of platform webhook POSTs.

Meta may send a thousand signed POSTs a second. They need no session, user, messages, CSRF (the
views are exempt: the signature authenticates), language or throttling, so `WebhookRouter` hands a
POST to exactly `/webhooks/whatsapp/` or `/webhooks/meta/` to a Django handler whose middleware is
`settings.WEBHOOK_MIDDLEWARE` (the security headers, the host check and CSP, in the order of
`settings.MIDDLEWARE`) and whose URLconf holds only the webhook URLs. Everything else, including the
GET verification handshake, goes through the full stack. Django's request signals still fire, so
database connections are checked and recycled as for any request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponseBase
from django.utils.module_loading import import_string

WEBHOOK_URLCONF = "pmb_crm.webhook_urls"
WEBHOOK_PATHS = frozenset({"/webhooks/whatsapp/", "/webhooks/meta/"})


class WebhookHandler(WSGIHandler):
    """A WSGI handler with `settings.WEBHOOK_MIDDLEWARE` (all synchronous) and the webhook URLconf."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(settings.WEBHOOK_MIDDLEWARE):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        request.urlconf = WEBHOOK_URLCONF
        return super().get_response(request)


class WebhookRouter:
    """WSGI application: webhook POSTs to the lean handler, every other request to `app`."""

    def __init__(self, app: Callable[..., Iterable[bytes]], webhook_app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.webhook_app = webhook_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") in WEBHOOK_PATHS:
            return self.webhook_app(environ, start_response)
        return self.app(environ, start_response)
