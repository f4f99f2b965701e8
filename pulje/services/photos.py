"""Photos from residents: only real JPEG/PNG images, re-encoded so nothing but pixels is kept.

A phone's photo carries EXIF: where it was taken (GPS), when, on which phone. Re-encoding from
the pixels drops all of it; the orientation EXIF gave is applied to the pixels first, so the
photo still stands the right way up.
"""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from pulje.services.errors import InputError
from workflows.messages import N_

MAX_PHOTO_BYTES = 8 * 1024 * 1024
# Larger images are scaled down: enough for a page and a report, small to keep and send.
MAX_SIDE = 1600
# A small file may claim enormous dimensions (a decompression bomb); refuse before decoding.
MAX_PIXELS = 50_000_000
ACCEPTED = {"JPEG", "PNG"}

TOO_LARGE = N_("Billedet er for stort. Vælg et billede på højst 8 MB.")
NOT_A_PHOTO = N_("Filen er ikke et billede, vi kan bruge. Vælg et JPEG- eller PNG-billede.")


def clean_photo(data: bytes) -> tuple[bytes, int, int]:
    """The photo re-encoded as JPEG without any metadata, with its width and height."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InputError(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED:
                    raise InputError(NOT_A_PHOTO)
                if image.width * image.height > MAX_PIXELS:
                    raise InputError(TOO_LARGE)
                image.load()
                upright = ImageOps.exif_transpose(image)
                pixels = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputError(NOT_A_PHOTO) from exc
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image from the pixels alone: no info dict, EXIF, ICC, XMP or comment is carried over.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), clean.width, clean.height


def store_photo(folder: Path, data: bytes) -> str:
    """Keep a cleaned photo under a random name in ``folder``; returns the name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"photo-{secrets.token_hex(16)}.jpg"
    (folder / name).write_bytes(data)
    return name
