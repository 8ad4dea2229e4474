"""Put XSS payloads into every free-text field of any model, leaving ids, enums, dates and URLs valid.

Reuses `tests.hostile` (its list of structural keys decides what is free text). Payloads rotate across
the fields in document order, starting at `offset`, so a model with at least as many free-text fields as
payloads carries every payload, and different models put a given payload in different fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import cycle, islice

from flows.input.yamldoc import load_yaml
from tests.hostile import replace_free_text
from tests.xss.payloads import PAYLOADS, Payload


def rotation(payloads: Sequence[Payload], offset: int) -> Iterator[str]:
    texts = [p.text for p in payloads]
    return islice(cycle(texts), offset % len(texts), None)


def inject(yaml_text: str, payloads: Sequence[Payload] = PAYLOADS, offset: int = 0) -> str:
    """`yaml_text` with each free-text value replaced by a payload (and its key, as a suffix)."""
    return replace_free_text(yaml_text, rotation(payloads, offset))


def carried(text: str, payloads: Sequence[Payload] = PAYLOADS) -> list[Payload]:
    """The payloads an injected model actually holds (after YAML round-trip)."""
    values: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            values.append(value)

    walk(load_yaml(text, "<injected>").data)
    return [p for p in payloads if any(v.startswith(p.text) for v in values)]
