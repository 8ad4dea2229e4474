"""The reverse-hash demonstration: a known MAC comes back from its hash, fast, for each algorithm."""

import hashlib

import pytest

from flows.analysis.reversehash import example_hash, hash_mac, normalise_oui, reverse_hash


def test_known_sha256_pair() -> None:
    # sha256("00:1a:2b:00:12:34"), computed independently of the module.
    digest = hashlib.sha256(b"00:1a:2b:00:12:34").hexdigest()
    result = reverse_hash(digest, "00-1A-2B", suffix_bits=16)
    assert result.mac == "00:1a:2b:00:12:34"
    assert result.tried == 0x1234 + 1 and result.space == 1 << 16 and result.rate > 0


@pytest.mark.parametrize("algorithm", ["sha256", "sha1", "md5"])
@pytest.mark.parametrize("encoding", ["text", "bytes"])
def test_every_algorithm_and_encoding(algorithm: str, encoding: str) -> None:
    mac = "f0:18:98:00:00:9c"
    result = reverse_hash(hash_mac(mac, algorithm, encoding), "f01898", algorithm, encoding, suffix_bits=8)
    assert result.mac == mac


def test_not_found_reports_the_whole_space_and_progress() -> None:
    calls: list[int] = []
    result = reverse_hash(hash_mac("aa:bb:cc:dd:ee:ff"), "aa:bb:cc", suffix_bits=16, progress=calls.append)
    assert result.mac is None and result.tried == 1 << 16 and calls[-1] == 1 << 16


def test_example_pair_is_consistent() -> None:
    mac, digest = example_hash()
    assert hash_mac(mac) == digest and mac.startswith("f0:18:98:")


@pytest.mark.parametrize(
    ("digest", "oui", "message"),
    [("xyz", "aa:bb:cc", "not a sha256 digest"), ("ab" * 32, "aa:bb", "three bytes")],
)
def test_bad_input_is_a_clear_error(digest: str, oui: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reverse_hash(digest, oui)


def test_normalise_oui() -> None:
    assert normalise_oui("F0-18-98") == normalise_oui("f01898") == "f0:18:98"
