"""What the YAML reader returns: plain data plus where each key path came from (input stage).

`RawDocument` carries the data, the problems that left it readable and the 1-based spans that every
later problem is located with; `Limits` bounds what a file may hold. `yamldoc.load_yaml` makes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flows.input.errors import KeyPath, Problem


@dataclass(frozen=True)
class Limits:
    """Bounds on input, chosen so a hostile file fails in well under a second.

    The defaults admit a 20,000-node / 80,000-flow model; the web app passes tighter ones.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 10_000
    max_values: int = 5_000_000


class Span(NamedTuple):
    """A 1-based position; a tuple because a large model records hundreds of thousands of them."""

    line: int
    col: int


SHALLOW_DEPTH = 2  # key paths this long or shorter get spans in the first pass: ("flows", 12)


@dataclass
class RawDocument:
    """Plain data from the YAML plus where each key path came from (1-based).

    `spans` / `key_spans` hold every path; reading them (or locating a path deeper than
    `SHALLOW_DEPTH`) re-reads the text once when the first pass recorded only the shallow ones.
    """

    data: Any
    filename: str
    # Problems that left the data readable (a duplicate key keeps its first value); `validate`
    # reports them with its own, so one run shows everything wrong with the file.
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # found past the cap (`flows.input.problem_cap`): counted, not kept
    may_hold_controls: bool = True  # False when the text has no escape and no control character
    _spans: dict[KeyPath, Span] = field(default_factory=dict, repr=False)
    _key_spans: dict[KeyPath, Span] = field(default_factory=dict, repr=False)
    # Re-reads the text with every span recorded; None once every span is recorded.
    _reread: Callable[[], RawDocument] | None = field(default=None, repr=False)

    @property
    def spans(self) -> dict[KeyPath, Span]:
        self._record_all()
        return self._spans

    @property
    def key_spans(self) -> dict[KeyPath, Span]:
        self._record_all()
        return self._key_spans

    def _record_all(self) -> None:
        if self._reread is None:
            return
        full = self._reread()
        self._spans, self._key_spans, self._reread = full._spans, full._key_spans, None

    def locate(self, path: KeyPath, *, key: bool = False) -> Span:
        """The nearest recorded position for `path`, walking up to its parents if needed."""
        if len(path) > SHALLOW_DEPTH:
            self._record_all()
        table = self._key_spans if key else self._spans
        for cut in range(len(path), -1, -1):
            span = table.get(path[:cut]) or self._spans.get(path[:cut])
            if span is not None:
                return span
        return Span(1, 1)

    def problem(self, path: KeyPath, message: str, *, key: bool = False, hint: str | None = None) -> Problem:
        span = self.locate(path, key=key)
        return Problem(self.filename, span.line, span.col, message, path, hint)


def iter_paths(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every (key path, value) pair in plain data; handy for tests and hostile-input checks."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_paths(value, (*path, i))
