"""Replay every input the fuzzer once broke the loader or renderer with (tests/fuzz/regressions/).

Each file is loaded both as bytes (an upload) and as text (the CLI, the editor): it must give a clean
ModelError or a Model whose page is inert. A first line `# expect: <text>` pins text the error must
contain, or `# expect: ok` for a file that must load.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows import Model
from tests.fuzz.checks import check_page, load_or_error

REGRESSIONS = Path(__file__).parent / "regressions"
FILES = sorted(REGRESSIONS.glob("*.yaml"))


def _expectation(data: bytes) -> str | None:
    first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return first.removeprefix("# expect:").strip() if first.startswith("# expect:") else None


def test_there_are_regressions() -> None:
    assert FILES


@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "text"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_regression(path: Path, as_text: bool) -> None:
    data = path.read_bytes()
    expected = _expectation(data)
    outcome = load_or_error(data.decode("utf-8", errors="replace") if as_text else data)
    if isinstance(outcome, Model):
        check_page(outcome)
        assert expected in (None, "ok"), f"{path.name} loaded, but should fail with {expected!r}"
    elif expected is not None:
        assert expected in outcome.format()
