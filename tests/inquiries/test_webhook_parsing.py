"""The pure payload parser, on Meta's published samples and the shapes they document."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inquiries import webhooks
from inquiries.signatures import is_valid_signature, sign
from tests.inquiries.conftest import payload_bytes, payload_json

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("vector", payload_json("signature_vectors.json")["vectors"], ids=lambda v: v["file"])
def test_signature_vectors_match_exact_sample_bytes(vector):
    body = payload_bytes(vector["file"])
    assert len(body) == vector["bytes"]
    assert is_valid_signature(body, vector["x_hub_signature_256"], "test_app_secret_do_not_use")
    assert not is_valid_signature(body + b" ", vector["x_hub_signature_256"], "test_app_secret_do_not_use")


def test_third_party_known_answer():
    known = payload_json("signature_vectors.json")["third_party_known_answer"]
    assert sign(b"test", "secret") == "sha256=" + known["hex"]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha1=abc",
        "sha256=",
        "sha256=00",
        "c2c909bef7ab0e3a34cb1074aa8a95e989d1b44b45197ad2a5d494760865534c",
    ],
)
def test_signature_rejects_missing_or_malformed_headers(header):
    assert not is_valid_signature(
        payload_bytes("whatsapp_inbound_text.json"), header, "test_app_secret_do_not_use"
    )


def test_signature_rejects_when_no_secret_configured():
    body = b"{}"
    assert not is_valid_signature(body, sign(body, ""), "")


def test_whatsapp_text_sample():
    [event] = webhooks.parse_whatsapp(payload_json("whatsapp_inbound_text.json"), received_at=NOW)
    assert isinstance(event, webhooks.InboundMessage)
    assert (
        event.channel == "whatsapp" and event.contact_key == "16505551234" and event.phone == "+16505551234"
    )
    assert (
        event.contact_name == "Sheena Nelson"
        and event.text == "Does it come in another color?"
        and event.type == "text"
    )
    assert event.sent_at == datetime.fromtimestamp(1749416383, tz=UTC)


@pytest.mark.parametrize(
    "name,status",
    [
        ("whatsapp_status_sent.json", "sent"),
        ("whatsapp_status_delivered.json", "delivered"),
        ("whatsapp_status_read.json", "read"),
    ],
)
def test_whatsapp_status_samples(name, status):
    [event] = webhooks.parse_whatsapp(payload_json(name), received_at=NOW)
    assert (
        isinstance(event, webhooks.StatusUpdate)
        and event.status == status
        and event.provider_message_id.startswith("wamid.")
    )


def test_whatsapp_failed_status_carries_error():
    [event] = webhooks.parse_whatsapp(payload_json("whatsapp_status_failed.json"), received_at=NOW)
    assert event.status == "failed" and event.error_code == "131049" and "healthy ecosystem" in event.error


def test_whatsapp_status_opaque_callback_data_gives_outbox_id():
    payload = payload_json("whatsapp_status_sent.json")
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["biz_opaque_callback_data"] = "outbox:42"
    [event] = webhooks.parse_whatsapp(payload, received_at=NOW)
    assert event.outbox_id == 42


def test_whatsapp_unknown_types_are_kept_with_their_type():
    payload = payload_json("whatsapp_inbound_text.json")
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"] = [
        {
            "from": "6281234567001",
            "id": "wamid.img",
            "timestamp": "1749416383",
            "type": "image",
            "image": {"caption": "brosur", "id": "1"},
        },
        {
            "from": "6281234567001",
            "id": "wamid.stk",
            "timestamp": "1749416383",
            "type": "sticker",
            "sticker": {"id": "2"},
        },
        {
            "from": "6281234567001",
            "id": "wamid.loc",
            "timestamp": "1749416383",
            "type": "location",
            "location": {"latitude": 1.1, "longitude": 104.0},
        },
        {
            "from": "6281234567001",
            "id": "wamid.new",
            "timestamp": "1749416383",
            "type": "hologram_of_the_future",
        },
        {
            "from": "6281234567001",
            "id": "wamid.react",
            "timestamp": "not-a-number",
            "type": "reaction",
            "reaction": {"emoji": "👍", "message_id": "x"},
        },
    ]
    events = webhooks.parse_whatsapp(payload, received_at=NOW)
    assert [(e.type, e.text) for e in events] == [
        ("image", "brosur"),
        ("sticker", ""),
        ("location", "1.1,104.0"),
        ("hologram_of_the_futu", ""),
        ("reaction", "👍"),
    ]
    assert events[-1].sent_at == NOW  # unreadable timestamp: the receipt time


def test_whatsapp_ctwa_referral_headline():
    payload = payload_json("whatsapp_inbound_text.json")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["referral"] = {
        "source_url": "https://fb.me/ad",
        "headline": "Beasiswa D3 Perhotelan 2026",
    }
    [event] = webhooks.parse_whatsapp(payload, received_at=NOW)
    assert event.referral == "Beasiswa D3 Perhotelan 2026"


def test_batched_payload_yields_every_entry_change_and_message():
    payload = {"object": "whatsapp_business_account", "entry": []}
    for e in range(3):
        changes = []
        for c in range(2):
            messages = [
                {
                    "from": f"62812000{e}{c}{m}",
                    "id": f"wamid.{e}.{c}.{m}",
                    "timestamp": "1749416383",
                    "type": "text",
                    "text": {"body": "hai"},
                }
                for m in range(4)
            ]
            statuses = [
                {
                    "id": f"wamid.out.{e}.{c}",
                    "status": "delivered",
                    "timestamp": "1749416383",
                    "recipient_id": "1",
                }
            ]
            changes.append({"field": "messages", "value": {"messages": messages, "statuses": statuses}})
        payload["entry"].append({"id": f"10{e}", "changes": changes})  # "0" is the dashboard test
    events = webhooks.parse_whatsapp(payload, received_at=NOW)
    assert sum(isinstance(e, webhooks.InboundMessage) for e in events) == 24
    assert sum(isinstance(e, webhooks.StatusUpdate) for e in events) == 6


@pytest.mark.parametrize("payload", [[], "x", {"object": "whatsapp_business_account"}, {"entry": "nope"}])
def test_payload_without_envelope_is_an_error(payload):
    with pytest.raises(webhooks.PayloadError):
        webhooks.parse_whatsapp(payload, received_at=NOW)


def test_messenger_text_sample():
    [event] = webhooks.parse_meta(payload_json("messenger_inbound_text.json"), received_at=NOW)
    assert event.channel == "facebook" and event.contact_key == "<PSID>" and event.psid == "<PSID>"
    assert (
        event.text == "hello, world!" and event.platform_message_id == "mid.1457764197618:41d102a3e1ae206a38"
    )
    assert event.sent_at == datetime.fromtimestamp(1458692752.478, tz=UTC)


def test_instagram_dm_sample():
    [event] = webhooks.parse_meta(payload_json("instagram_inbound_dm.json"), received_at=NOW)
    assert event.channel == "instagram" and event.contact_key == "IGSID" and event.text == "MESSAGE-TEXT"


def test_instagram_comment_sample_with_placeholder_time():
    [event] = webhooks.parse_meta(payload_json("instagram_comment.json"), received_at=NOW)
    assert event.channel == "comment" and event.type == "comment" and event.text == "<COMMENT_TEXT>"
    assert event.platform_message_id == "comment:<COMMENT_ID>" and event.handle == "<INSTAGRAM_USER_USERNAME>"
    assert event.sent_at == NOW


def test_instagram_comment_business_login_shape_and_comment_id_variant():
    business_login = {
        "object": "instagram",
        "entry": [
            {
                "id": "1",
                "time": 1700000000,
                "field": "comments",
                "value": {
                    "from": {"id": "u1", "username": "calon_mhs"},
                    "id": "c1",
                    "text": "Biaya kuliah berapa?",
                },
            }
        ],
    }
    facebook_login = {
        "object": "instagram",
        "entry": [
            {
                "id": "1",
                "time": 1700000000,
                "changes": [
                    {
                        "field": "comments",
                        "value": {"from": {"id": "u2", "username": "x"}, "comment_id": "c2", "text": "Info"},
                    }
                ],
            }
        ],
    }
    [first] = webhooks.parse_meta(business_login, received_at=NOW)
    [second] = webhooks.parse_meta(facebook_login, received_at=NOW)
    assert (first.platform_message_id, first.contact_key, first.handle) == (
        "comment:c1",
        "ig:u1",
        "calon_mhs",
    )
    assert second.platform_message_id == "comment:c2"


def test_messenger_echo_and_read_receipts_are_ignored_not_dropped_silently():
    payload = {
        "object": "page",
        "entry": [
            {
                "id": "P",
                "time": 1,
                "messaging": [
                    {
                        "sender": {"id": "P"},
                        "recipient": {"id": "U"},
                        "timestamp": 1,
                        "message": {"mid": "m1", "text": "x", "is_echo": True},
                    },
                    {
                        "sender": {"id": "U"},
                        "recipient": {"id": "P"},
                        "timestamp": 1,
                        "read": {"watermark": 1},
                    },
                    {
                        "sender": {"id": "U"},
                        "recipient": {"id": "P"},
                        "timestamp": 1,
                        "message": {"mid": "m2", "attachments": [{"type": "image", "payload": {}}]},
                    },
                ],
            }
        ],
    }
    events = webhooks.parse_meta(payload, received_at=NOW)
    assert [type(e).__name__ for e in events] == ["Ignored", "Ignored", "InboundMessage"]
    assert events[2].type == "image"
