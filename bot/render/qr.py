"""QR codes of invite links, for a clinic to print or show on a screen."""

from __future__ import annotations

import io

import qrcode
from qrcode.image.pil import PilImage


def qr_png(link: str) -> bytes:
    """A PNG QR code of `link`, big enough to scan from a printed page or a screen."""
    image = qrcode.make(link, box_size=10, border=4, image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
