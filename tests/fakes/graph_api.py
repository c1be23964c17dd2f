"""A fake Graph API server on loopback for outbound WhatsApp / Messenger / Instagram sends.

Use the `fake_graph` fixture (tests/conftest.py): it points GRAPH_API_URL at this server, switches
MESSAGING_BACKEND to "graph" and sets test tokens. Script its answers with `respond(...)`; read
what the product sent from `.requests`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body or b"{}")


@dataclass
class ScriptedResponse:
    status: int = 200
    body: dict | None = None
    delay: float = 0.0  # seconds to sleep before answering (timeouts)


@dataclass
class FakeGraphAPI:
    url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    # path -> (bytes, content type): media files served as they are (see `serve_media`).
    media: dict = field(default_factory=dict)
    media_info: dict = field(default_factory=dict)
    _script: deque = field(default_factory=deque)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def respond(
        self, status: int = 200, body: dict | None = None, *, delay: float = 0.0, times: int = 1
    ) -> None:
        """Queue the next answers; once the queue is empty, every send succeeds."""
        for _ in range(times):
            self._script.append(ScriptedResponse(status, body, delay))

    def serve_media(self, media_id: str, data: bytes, content_type: str) -> str:
        """WhatsApp media: GET /<id> answers its download URL (JSON), GET that URL the bytes."""
        path = f"/v23.0/media-files/{media_id}"
        self.media[path] = (data, content_type)
        self.media_info[media_id] = {
            "url": self.url.rsplit("/v23.0", 1)[0] + path,
            "mime_type": content_type,
            "file_size": len(data),
            "id": media_id,
            "messaging_product": "whatsapp",
        }
        return self.url.rsplit("/v23.0", 1)[0] + path

    def respond_error(self, code: int, *, status: int = 400, message: str = "error", times: int = 1) -> None:
        body = {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Afake"}}
        self.respond(status, body, times=times)

    def next_response(self, recorded: RecordedRequest) -> ScriptedResponse:
        with self._lock:
            self.requests.append(recorded)
            if self._script:
                return self._script.popleft()
            n = next(self._ids)
        payload = recorded.json if recorded.body else {}
        if payload.get("messaging_product") == "whatsapp":
            return ScriptedResponse(
                200,
                {
                    "messaging_product": "whatsapp",
                    "contacts": [
                        {"input": payload.get("to", ""), "wa_id": str(payload.get("to", "")).lstrip("+")}
                    ],
                    "messages": [{"id": f"wamid.FAKE{n:08d}"}],
                },
            )
        return ScriptedResponse(200, {"recipient_id": "fake-recipient", "message_id": f"m_FAKE{n:08d}"})

    @property
    def sent_messages(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "POST" and r.path.endswith("/messages")]


def start_fake_graph_api() -> tuple[FakeGraphAPI, ThreadingHTTPServer]:
    fake = FakeGraphAPI()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            recorded = RecordedRequest(self.command, self.path, dict(self.headers), body)
            media_id = self.path.rsplit("/", 1)[-1]
            if self.command == "GET" and self.path == f"/v23.0/{media_id}" and media_id in fake.media_info:
                fake.requests.append(recorded)
                payload = json.dumps(fake.media_info[media_id]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            if self.command == "GET" and self.path in fake.media:
                # A media file (WhatsApp media URL, Messenger attachment): binary, not JSON.
                fake.requests.append(recorded)
                data, content_type = fake.media[self.path]
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            scripted = fake.next_response(recorded)
            if scripted.delay:
                time.sleep(scripted.delay)
            payload = json.dumps(scripted.body if scripted.body is not None else {}).encode()
            try:
                self.send_response(scripted.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        do_GET = _handle
        do_POST = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v23.0"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
