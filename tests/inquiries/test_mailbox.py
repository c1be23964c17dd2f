"""Inbound email over IMAP (ITB care center step 2, issue 10 item 8) against a real Dovecot started
by the test: a new email becomes an email inquiry, a second fetch of the same message is a
duplicate, a malformed message is skipped, and the agent's reply goes out in the same thread."""

from __future__ import annotations

import imaplib
import shutil

import pytest

from inquiries.models import Inquiry, Message
from inquiries.services import mailbox, workflow
from tests.fakes.imap_server import DOVECOT, start_dovecot, stop_dovecot

pytestmark = pytest.mark.django_db

FIRST = (
    b"From: Rina Wati <Rina.Wati@example.com>\r\n"
    b"To: pmb@politeknik.test\r\n"
    b"Subject: Biaya kuliah prodi TI\r\n"
    b"Date: Sun, 22 Nov 2026 09:15:00 +0700\r\n"
    b"Message-ID: <rina-1@example.com>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Selamat pagi, berapa biaya kuliah prodi TI per semester?\r\n"
)
MALFORMED = b"Subject: tanpa pengirim\r\n\r\n\xff\xfe bukan email yang benar\r\n"


@pytest.fixture(scope="module")
def dovecot():
    if not shutil.which("dovecot") and not shutil.which(DOVECOT):
        pytest.fail("Dovecot not installed; .ci/run installs Debian's dovecot-imapd.")
    server, process = start_dovecot()
    yield server
    stop_dovecot(server, process)


@pytest.fixture
def imap(dovecot, settings):
    settings.INBOUND_IMAP_HOST = dovecot.host
    settings.INBOUND_IMAP_PORT = dovecot.port
    settings.INBOUND_IMAP_SSL = False
    settings.INBOUND_IMAP_USER = dovecot.user
    settings.INBOUND_IMAP_PASSWORD = dovecot.password
    client = imaplib.IMAP4(dovecot.host, dovecot.port)
    client.login(dovecot.user, dovecot.password)
    client.select("INBOX")
    if client.search(None, "ALL")[1][0]:  # the module's server is shared: start each test empty
        client.store("1:*", "+FLAGS", "(\\Deleted)")
        client.expunge()
    yield client
    client.logout()


def deliver(client: imaplib.IMAP4, raw: bytes) -> None:
    """What the mail server does when an email arrives: the message lands in INBOX, unseen."""
    status, _ = client.append("INBOX", None, None, raw)
    assert status == "OK"


def test_email_becomes_an_inquiry_duplicates_and_malformed_are_handled_and_the_reply_threads(
    imap, admin_medsos, mailoutbox, django_capture_on_commit_callbacks
):
    deliver(imap, FIRST)
    deliver(imap, MALFORMED)
    result = mailbox.poll_mailbox()
    assert (result.fetched, result.stored, result.skipped) == (2, 1, 1)
    inquiry = Inquiry.objects.get()
    assert (inquiry.channel, inquiry.contact_key, inquiry.contact_name) == (
        "email",
        "rina.wati@example.com",
        "Rina Wati",
    )
    assert "berapa biaya kuliah prodi TI" in inquiry.messages.get(direction="inbound").text
    assert inquiry.lead is not None and inquiry.lead.email == "rina.wati@example.com"

    # Nothing new: the next poll fetches nothing (seen / skipped flags are on the server).
    assert mailbox.poll_mailbox().fetched == 0
    # The same email delivered twice (a forwarding rule, a resend): stored once.
    deliver(imap, FIRST)
    again = mailbox.poll_mailbox()
    assert (again.fetched, again.duplicates, again.stored) == (1, 1, 0)
    assert Message.objects.filter(direction="inbound").count() == 1

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = workflow.reply_to_inquiry(
            inquiry, body="Biaya kuliah TI Rp5 juta per semester.", by=admin_medsos
        )
    reply.outbound.refresh_from_db()
    assert reply.outbound.status == "sent"
    [sent] = [m for m in mailoutbox if m.to == ["rina.wati@example.com"]]
    assert sent.subject == "Re: Biaya kuliah prodi TI"
    assert sent.extra_headers["In-Reply-To"] == "<rina-1@example.com>"
    assert sent.extra_headers["References"] == "<rina-1@example.com>"

    # The contact answers in the thread: it joins the same inquiry.
    deliver(
        imap,
        b"From: rina.wati@example.com\r\nSubject: Re: Biaya kuliah prodi TI\r\n"
        b"Message-ID: <rina-2@example.com>\r\nIn-Reply-To: "
        + sent.extra_headers["Message-ID"].encode()
        + b"\r\n"
        b"\r\nTerima kasih, apakah bisa dicicil?\r\n",
    )
    assert mailbox.poll_mailbox().stored == 1
    assert Inquiry.objects.count() == 1 and inquiry.messages.filter(direction="inbound").count() == 2


def test_parse_email_rejects_a_message_without_sender():
    assert mailbox.parse_email(MALFORMED) is None
    assert mailbox.parse_email(b"\x00\x01garbage") is None


def test_polling_is_off_without_a_host(settings):
    settings.INBOUND_IMAP_HOST = ""
    assert mailbox.poll_mailbox().fetched == 0
