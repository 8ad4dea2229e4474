"""Reverse a hashed MAC address by trying every address a vendor prefix allows: a live demonstration.

Beside the analysis pipeline (used by `adflows reverse-hash` and quoted by the claims rules): it shows,
with a stopwatch, why a hash of a MAC address is a pseudonym and not anonymous data. A MAC address is 48
bits; its first 24 bits (the OUI) name the manufacturer and are public, so one vendor's phones leave
only 2^24 = 16,777,216 candidates, and the whole allocated space fits in about 2^39 (Ali & Dyo 2020,
fact sheet H2). Pure functions only; the CLI draws the progress bar.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

ALGORITHMS: tuple[str, ...] = ("sha256", "sha1", "md5")
ENCODINGS: tuple[str, ...] = ("text", "bytes")
SUFFIX_BITS = 24  # the part of a MAC after the vendor prefix (OUI)
EXAMPLE_OUI = "f0:18:98"  # a prefix registered to Apple, as an example of a phone maker
EXAMPLE_SUFFIX = 0xA1B2C3  # the demo's made-up device part
# Measured on the development machine (2-core VM, Python 3.11, hashlib/OpenSSL, one core) with
# `adflows reverse-hash`: about 3.3 million SHA-256 candidates per second, so all 2^24 addresses of one
# vendor took about 5.1 s. Findings quote this figure; the command prints the live one.
MEASURED_RATE = 3_300_000

_OUI = re.compile(r"^[0-9a-f]{2}([:-]?)[0-9a-f]{2}\1[0-9a-f]{2}$")
_HEX = re.compile(r"^[0-9a-f]+$")


@dataclass(frozen=True)
class ReverseResult:
    """What one search found, and how fast it went."""

    mac: str | None
    tried: int
    space: int
    seconds: float

    @property
    def rate(self) -> float:
        """Candidates per second (0 when the search took no measurable time)."""
        return self.tried / self.seconds if self.seconds > 0 else 0.0


def normalise_oui(oui: str) -> str:
    """'F0-18-98' or 'f01898' -> 'f0:18:98'; ValueError for anything else."""
    value = oui.strip().lower()
    if not _OUI.match(value):
        raise ValueError(f"vendor prefix {oui!r} must be three bytes in hex, like 'f0:18:98'")
    digits = value.replace(":", "").replace("-", "")
    return ":".join(digits[i : i + 2] for i in (0, 2, 4))


def mac_text(oui: str, suffix: int) -> str:
    """The MAC address as lower-case text with colons: 'f0:18:98:a1:b2:c3'."""
    tail = suffix.to_bytes(3, "big").hex(":")
    return f"{normalise_oui(oui)}:{tail}"


def hash_mac(mac: str, algorithm: str = "sha256", encoding: str = "text") -> str:
    """The hex digest a tracker would store: of the lower-case text with colons, or of the 6 raw bytes."""
    _check(algorithm, encoding)
    digits = mac.lower().replace(":", "").replace("-", "")
    payload = (
        bytes.fromhex(digits)
        if encoding == "bytes"
        else ":".join(digits[i : i + 2] for i in range(0, 12, 2)).encode()
    )
    return hashlib.new(algorithm, payload).hexdigest()


def example_hash(algorithm: str = "sha256", encoding: str = "text") -> tuple[str, str]:
    """The demo's own (mac, digest) pair, for running the command with no arguments."""
    mac = mac_text(EXAMPLE_OUI, EXAMPLE_SUFFIX)
    return mac, hash_mac(mac, algorithm, encoding)


def reverse_hash(
    digest: str,
    oui: str,
    algorithm: str = "sha256",
    encoding: str = "text",
    *,
    suffix_bits: int = SUFFIX_BITS,
    progress: Callable[[int], None] | None = None,
) -> ReverseResult:
    """Try every MAC with this vendor prefix until one hashes to `digest`; stop at the first match.

    `suffix_bits` (8, 16 or 24) limits the search to the first 2^bits device parts, to keep tests
    fast. `progress(tried)` is called every 65,536 candidates and once at the end.
    """
    _check(algorithm, encoding)
    target = _digest_bytes(digest, algorithm)
    if suffix_bits not in (8, 16, 24):
        raise ValueError("suffix_bits must be 8, 16 or 24")
    prefix = normalise_oui(oui)
    tokens = [bytes([i]) for i in range(256)] if encoding == "bytes" else None
    base = hashlib.new(algorithm, bytes.fromhex(prefix.replace(":", "")) if tokens else f"{prefix}:".encode())
    # For text, the two leading bytes end in ':' and the last one does not.
    lead = tokens or [f"{i:02x}:".encode() for i in range(256)]
    last = tokens or [f"{i:02x}".encode() for i in range(256)]
    first_range = 256 if suffix_bits == 24 else 1
    second_range = 256 if suffix_bits >= 16 else 1
    started = time.perf_counter()
    tried = 0
    for a in range(first_range):
        level_a = base.copy()
        level_a.update(lead[a])
        for b in range(second_range):
            level_b = level_a.copy()
            level_b.update(lead[b])
            found = _scan_last_byte(level_b, last, target)
            if found is not None:
                tried += found + 1
                mac = mac_text(prefix, (a << 16) | (b << 8) | found)
                return _result(mac, tried, suffix_bits, started, progress)
            tried += 256
        if progress is not None:
            progress(tried)
    return _result(None, tried, suffix_bits, started, progress)


def _scan_last_byte(level: hashlib._Hash, last: list[bytes], target: bytes) -> int | None:
    """The tight loop: copy the hashed prefix, add the last byte, compare. Index of the match or None."""
    for c, token in enumerate(last):
        h = level.copy()
        h.update(token)
        if h.digest() == target:
            return c
    return None


def _result(
    mac: str | None,
    tried: int,
    suffix_bits: int,
    started: float,
    progress: Callable[[int], None] | None,
) -> ReverseResult:
    seconds = time.perf_counter() - started
    if progress is not None:
        progress(tried)
    return ReverseResult(mac, tried, 1 << suffix_bits, seconds)


def _check(algorithm: str, encoding: str) -> None:
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm {algorithm!r} is not supported; use one of: {', '.join(ALGORITHMS)}")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding {encoding!r} is not supported; use one of: {', '.join(ENCODINGS)}")


def _digest_bytes(digest: str, algorithm: str) -> bytes:
    value = digest.strip().lower()
    size = hashlib.new(algorithm).digest_size
    if not _HEX.match(value) or len(value) != size * 2:
        raise ValueError(f"hash {digest!r} is not a {algorithm} digest: expected {size * 2} hex digits")
    return bytes.fromhex(value)
