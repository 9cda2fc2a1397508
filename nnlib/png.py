"""RGBA pixels as the bytes of a PNG file, fast (the slider panels' images).

A slider panel re-encodes its figure on every move, so the encoder is on the
path between a key press and the picture; see :func:`encode_png`.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

__all__ = ["encode_png", "PNG_COMPRESS_LEVEL"]

PNG_COMPRESS_LEVEL = 1
"""zlib level of the blitted PNGs (see :func:`encode_png`)."""


def encode_png(pixels: np.ndarray, level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """RGBA pixels of shape (height, width, 4), uint8, as the bytes of a PNG file.

    A PNG is a signature and three chunks (length, tag, body, CRC): the
    header (size, 8 bits per channel, colour type 6 = RGBA or 2 = RGB), the image data
    (each row prefixed with filter type 0, "none", then zlib-compressed) and
    the end. Pillow (and matplotlib through it) chooses the best of five
    filters for every row, which costs more than the compression itself: at
    zlib level 1, this takes about 2 ms for a panel where Pillow takes 3-5 ms,
    and the files come out about as large (20-55 kB for the book's panels).
    An opaque image (every alpha 255, as a figure with a face colour) is
    stored as RGB, colour type 2: a quarter fewer bytes to compress, send and
    decode.
    """
    if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
        raise ValueError(
            f"pixels must be RGBA uint8 of shape (height, width, 4); got "
            f"{pixels.dtype} of shape {pixels.shape}"
        )
    height, width, _ = pixels.shape
    opaque = bool(pixels[:, :, 3].min() == 255) if pixels.size else False
    channels, colour_type = (3, 2) if opaque else (4, 6)
    # Column 0 of each row: its filter type, 0.
    rows = np.zeros((height, 1 + channels * width), dtype=np.uint8)
    rows[:, 1:] = pixels[:, :, :channels].reshape(height, channels * width)

    def chunk(tag: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(tag + body)
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), level)),
            chunk(b"IEND", b""),
        ]
    )
