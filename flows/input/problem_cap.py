"""The cap on problems reported for one file: the first `MAX_PROBLEMS`, and a count of the rest.

Shared by every stage that collects problems (the YAML loader, the validator) and by what reports
them (`ModelError`, the CLI, the web API). Without it a 380 KB upload of `sources: [1, 1, ...]` made
190,000 located problems: 37.5 MB of JSON and 174 MB of server memory for one request, and the CLI
printed 1.5 million lines for a 3 MB file. Nobody reads past the first screenful: an author fixes
those and runs the check again, so the answer stays small and fast whatever the input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

# Enough to see every kind of mistake a file holds; few enough to answer in kilobytes.
MAX_PROBLEMS = 200
T = TypeVar("T")


def take_problems(items: Iterable[T], limit: int = MAX_PROBLEMS) -> tuple[list[T], int]:
    """The first `limit` items, and how many more there were (counted, never built into a list).

    Works on generators, so a producer that composes each message lazily stops composing at the cap.
    """
    kept: list[T] = []
    more = 0
    for item in items:
        if len(kept) < limit:
            kept.append(item)
        else:
            more += 1
    return kept, more


def more_line(more: int) -> str:
    """The line that closes a capped list: says how many problems are not shown, and why."""
    plural = "s" if more != 1 else ""
    return (
        f"... and {more:,} more problem{plural} not shown (only the first {MAX_PROBLEMS} are listed;"
        " fix these and check again)"
    )
