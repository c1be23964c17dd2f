"""Draw the app icons (PNG) with the standard library only: a white mortarboard on the brand blue.

Usage: python scripts/make_icons.py  — writes static/icons/icon-{180,192,512}.png and icon-maskable-512.png.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE = (11, 94, 215)
WHITE = (255, 255, 255)

# The glyph in a 64x64 design grid (same shapes as static/img/logo.svg).
CAP = [(32, 14), (6, 26), (32, 38), (52, 28.8), (52, 42), (56, 42), (56, 26)]
BAND = [(18, 35), (18, 44), (25, 49.5), (32, 51), (39, 49.5), (46, 44), (46, 35), (32, 41.5)]


def _inside(x: float, y: float, poly) -> bool:
    hit = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def draw(size: int, *, padding: float) -> bytes:
    """RGBA rows; `padding` is the share of each side left as plain background (maskable safe zone)."""
    inner = size * (1 - 2 * padding)
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            gx = (px + 0.5 - size * padding) / inner * 64
            gy = (py + 0.5 - size * padding) / inner * 64
            colour = WHITE if (_inside(gx, gy, CAP) or _inside(gx, gy, BAND)) else BLUE
            row += bytes(colour) + b"\xff"
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (180, 192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size, draw(size, padding=0.08)))
    (OUT / "icon-maskable-512.png").write_bytes(png(512, draw(512, padding=0.2)))


if __name__ == "__main__":
    main()
