"""Upload checks for content assets (pure: no database): extension, size and the file's own bytes."""

from __future__ import annotations

from pathlib import PurePath

from django.utils.translation import gettext as _

# The first bytes each allowed type starts with; a renamed executable fails here.
_SIGNATURES: dict[str, tuple[tuple[int, bytes], ...]] = {
    "image/jpeg": ((0, b"\xff\xd8\xff"),),
    "image/png": ((0, b"\x89PNG\r\n\x1a\n"),),
    "image/gif": ((0, b"GIF8"),),
    "image/webp": ((0, b"RIFF"), (8, b"WEBP")),
    "application/pdf": ((0, b"%PDF-"),),
    "video/mp4": ((4, b"ftyp"),),
    "video/quicktime": ((4, b"ftyp"),),
}


class AssetRejected(ValueError):
    """The upload is not an allowed type or is too large."""


def check_upload(*, name: str, size: int, head: bytes, allowed: dict[str, str], max_bytes: int) -> str:
    """The upload's content type, or AssetRejected with the reason (Indonesian, shown to staff)."""
    extension = PurePath(name).suffix.lower()
    content_type = allowed.get(extension)
    if content_type is None:
        kinds = ", ".join(sorted(allowed))
        raise AssetRejected(
            _("Jenis berkas %(ext)s tidak diizinkan; gunakan %(kinds)s.")
            % {"ext": extension or _("(tanpa ekstensi)"), "kinds": kinds}
        )
    if size > max_bytes:
        raise AssetRejected(
            _("Berkas terlalu besar (%(size)s KB); batasnya %(max)s MB.")
            % {"size": size // 1024, "max": max_bytes // (1024 * 1024)}
        )
    if size == 0:
        raise AssetRejected(_("Berkas kosong."))
    for offset, magic in _SIGNATURES.get(content_type, ()):
        if head[offset : offset + len(magic)] != magic:
            raise AssetRejected(_("Isi berkas bukan %(type)s seperti ekstensinya.") % {"type": content_type})
    return content_type
