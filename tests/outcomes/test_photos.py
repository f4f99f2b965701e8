"""A resident's photo is kept as pixels only: no EXIF, no GPS, no comment; non-images refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pulje.services.errors import InputError
from pulje.services.photos import MAX_PHOTO_BYTES, clean_photo, store_photo
from tests.outcomes.photos import GPS_IFD, jpeg_with_location, png


def test_the_fixture_really_carries_a_location():
    with Image.open(io.BytesIO(jpeg_with_location())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_the_stored_file_has_no_exif_gps_or_comment(tmp_path):
    data, width, height = clean_photo(jpeg_with_location())
    name = store_photo(tmp_path, data)
    stored = (tmp_path / name).read_bytes()
    assert b"Exif" not in stored and b"Telefon" not in stored and b"Karen" not in stored
    with Image.open(tmp_path / name) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(GPS_IFD)
        assert "exif" not in image.info and "comment" not in image.info
        assert (image.width, image.height) == (width, height) == (40, 20)


def test_the_orientation_is_applied_to_the_pixels_before_exif_goes():
    # EXIF orientation 6: the phone was held upright, so the picture turns a quarter.
    data, width, height = clean_photo(jpeg_with_location(40, 20, orientation=6))
    assert (width, height) == (20, 40)


def test_a_png_is_kept_as_a_jpeg_and_large_photos_are_scaled_down():
    data, width, height = clean_photo(png(3000, 1500))
    assert data.startswith(b"\xff\xd8") and (width, height) == (1600, 800)


@pytest.mark.parametrize("data", [
    b"", b"%PDF-1.4 not a photo", b"\xff\xd8\xff\xe0 broken jpeg", b"GIF89a" + b"\0" * 20,
    png()[:40],
])
def test_what_is_not_a_usable_photo_is_refused_in_danish(data):
    with pytest.raises(InputError, match="JPEG- eller PNG"):
        clean_photo(data)


def test_a_gif_is_refused_even_though_pillow_reads_it():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="GIF")
    with pytest.raises(InputError, match="JPEG- eller PNG"):
        clean_photo(out.getvalue())


def test_too_many_bytes_and_too_many_pixels_are_refused():
    with pytest.raises(InputError, match="8 MB"):
        clean_photo(b"\xff" * (MAX_PHOTO_BYTES + 1))
    # A tiny PNG that claims 20.000 × 20.000 pixels (a decompression bomb).
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < MAX_PHOTO_BYTES
    with pytest.raises(InputError):
        clean_photo(out.getvalue())
