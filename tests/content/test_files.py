"""Upload checks, without the database."""

from __future__ import annotations

import pytest

from content.files import AssetRejected, check_upload

ALLOWED = {".png": "image/png", ".pdf": "application/pdf", ".mp4": "video/mp4"}


def check(name: str, head: bytes, size: int = 100) -> str:
    return check_upload(name=name, size=size, head=head, allowed=ALLOWED, max_bytes=1000)


def test_allowed_types_pass_by_extension_and_signature():
    assert check("a.PNG", b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert check("b.pdf", b"%PDF-1.7") == "application/pdf"
    assert check("c.mp4", b"\x00\x00\x00\x18ftypmp42") == "video/mp4"


@pytest.mark.parametrize(
    "name,head,size,reason",
    [
        ("x.exe", b"MZ", 10, "tidak diizinkan"),
        ("noext", b"%PDF-", 10, "tanpa ekstensi"),
        ("big.png", b"\x89PNG\r\n\x1a\n", 5000, "terlalu besar"),
        ("empty.pdf", b"", 0, "kosong"),
        ("fake.png", b"GIF89a", 10, "bukan image/png"),
    ],
)
def test_rejections_say_why(name, head, size, reason):
    with pytest.raises(AssetRejected, match=reason):
        check(name, head, size)
