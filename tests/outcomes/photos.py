"""Test photos made on the spot: a JPEG carrying GPS and camera EXIF, a plain PNG."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def jpeg_with_location(width: int = 40, height: int = 20, *, orientation: int = 1,
                       comment: bytes = b"Karen Jensen") -> bytes:
    """A JPEG whose EXIF says where (Aarhus) and on what phone it was taken."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE] = "Telefon Model X"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (56.0, 9.0, 36.0), 3: "E", 4: (10.0, 12.0, 36.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=comment)
    return out.getvalue()


def png(width: int = 30, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 100, 0, 128)).save(out, format="PNG")
    return out.getvalue()
