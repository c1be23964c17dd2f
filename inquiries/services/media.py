"""Images, documents and audio the contact sent on WhatsApp/Messenger/Instagram: the worker fetches
them through the Graph API (size-capped) and stores them with the message, for the conversation."""

from __future__ import annotations

import logging
import mimetypes

import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from inquiries.models import Message, MessageAttachment

logger = logging.getLogger(__name__)
WA_MEDIA_TYPES = ("image", "audio", "video", "document", "sticker")
CHUNK = 64 * 1024


class MediaError(Exception):
    pass


def media_refs(message: Message) -> list[dict]:
    """What to fetch: WhatsApp media ids, or Messenger/Instagram attachment URLs."""
    raw = message.raw if isinstance(message.raw, dict) else {}
    refs = []
    if message.inquiry.channel == "whatsapp" and message.type in WA_MEDIA_TYPES:
        media = raw.get(message.type)
        if isinstance(media, dict) and media.get("id"):
            refs.append(
                {
                    "kind": message.type,
                    "media_id": str(media["id"]),
                    "filename": str(media.get("filename") or ""),
                    "mime_type": str(media.get("mime_type") or ""),
                }
            )
    else:
        body = raw.get("message")
        body = body if isinstance(body, dict) else {}
        for item in body.get("attachments") or []:
            payload = item.get("payload") if isinstance(item, dict) else None
            if isinstance(payload, dict) and payload.get("url"):
                refs.append(
                    {"kind": str(item.get("type") or "file"), "url": str(payload["url"]), "filename": ""}
                )
    return refs


def _download(url: str, *, token: str = "") -> tuple[bytes, str]:
    limit = settings.INBOX_MEDIA_MAX_BYTES
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with requests.get(url, headers=headers, stream=True, timeout=settings.GRAPH_API_TIMEOUT) as response:
        if response.status_code >= 300:
            raise MediaError(f"HTTP {response.status_code}")
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > limit:
            raise MediaError(f"file of {declared} bytes is over the {limit}-byte limit")
        data = bytearray()
        for chunk in response.iter_content(CHUNK):
            data.extend(chunk)
            if len(data) > limit:
                raise MediaError(f"file is over the {limit}-byte limit")
        return bytes(data), response.headers.get("Content-Type", "").split(";")[0].strip()


def _fetch(ref: dict) -> tuple[bytes, str]:
    if "media_id" in ref:
        token = settings.WHATSAPP_ACCESS_TOKEN or ""
        info = requests.get(
            f"{settings.GRAPH_API_URL}/{ref['media_id']}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=settings.GRAPH_API_TIMEOUT,
        )
        if info.status_code >= 300:
            raise MediaError(f"media lookup HTTP {info.status_code}")
        details = info.json()
        if int(details.get("file_size") or 0) > settings.INBOX_MEDIA_MAX_BYTES:
            raise MediaError("file is over the size limit")
        data, content_type = _download(str(details["url"]), token=token)
        return data, details.get("mime_type") or content_type
    return _download(ref["url"], token="")


def fetch_message_media(message_id: int) -> int:
    """Fetch and store the message's media once (a second run finds them stored); the count stored."""
    message = Message.objects.select_related("inquiry").get(pk=message_id)
    if message.attachments.exists():
        return 0
    stored = 0
    for index, ref in enumerate(media_refs(message)):
        attachment = MessageAttachment(
            message=message, kind=ref["kind"][:20], mime_type=ref.get("mime_type", "")
        )
        if settings.MESSAGING_BACKEND != "graph":
            attachment.error = "Graph API off (MESSAGING_BACKEND)"
        else:
            try:
                data, content_type = _fetch(ref)
            except (MediaError, requests.RequestException, KeyError, ValueError) as exc:
                logger.warning("Media of message %s not fetched: %s", message_id, exc)
                attachment.error = str(exc)[:300]
            else:
                attachment.mime_type = (content_type or attachment.mime_type)[:100]
                extension = mimetypes.guess_extension(attachment.mime_type) or ""
                name = ref.get("filename") or f"{message.pk}-{index}{extension}"
                attachment.filename, attachment.size = name[:200], len(data)
                attachment.file.save(name, ContentFile(data), save=False)
                attachment.fetched_at = timezone.now()
                stored += 1
        attachment.save()
    return stored


def enqueue_media_fetch(message: Message) -> None:
    """After commit, a worker fetches the message's media (only messages that carry some)."""
    if not media_refs(message):
        return
    from inquiries.tasks import fetch_message_media as task

    transaction.on_commit(lambda: task.delay(message.pk))
