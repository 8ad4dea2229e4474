"""Shared test options: `pytest --update-golden` rewrites golden files instead of comparing them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, Any], None]:
    """Compare data with tests/golden/NAME (JSON), or rewrite it under --update-golden."""

    def check(name: str, data: Any) -> None:
        path = GOLDEN_DIR / name
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run pytest --update-golden"
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
            f"{name} differs from the golden file; if the change is intended, run pytest --update-golden"
        )

    return check
