"""Model problems as data: one error type carrying every problem found, each at its line and column.

Used by every input stage (YAML, schema, references). Library code raises `ModelError`; the CLI and the
web app turn it into text or JSON. Nothing here prints or exits.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from flows.input.problem_cap import more_line, take_problems

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a model, located so an author can jump to it."""

    file: str
    line: int
    col: int
    message: str
    path: KeyPath = field(default=(), compare=False)
    hint: str | None = field(default=None, compare=False)

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: error: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["path"] = list(self.path)
        return data


class ModelError(Exception):
    """Raised when a model cannot be loaded; holds the problems found, sorted by position.

    At most `MAX_PROBLEMS` are kept (the first found); `more` counts the rest, so that a file with a
    million mistakes still gives a short answer (`flows.input.problem_cap`).
    """

    def __init__(self, problems: Iterable[Problem], more: int = 0) -> None:
        kept, extra = take_problems(problems)
        self.problems: tuple[Problem, ...] = tuple(sorted(kept))
        self.more = more + extra
        super().__init__(self.format())

    @property
    def count(self) -> int:
        """How many problems were found, listed or not."""
        return len(self.problems) + self.more

    def format(self) -> str:
        lines = [p.format() for p in self.problems]
        if self.more:
            lines.append(more_line(self.more))
        return "\n".join(lines)

    def to_list(self) -> list[dict[str, object]]:
        return [p.to_dict() for p in self.problems]


def invalid_entry(name: str, error: ModelError) -> dict[str, object]:
    """One file's entry in `adflows validate --format json` (and `POST /api/validate`) when it does
    not load. `more_errors` counts the problems past the cap that `errors` does not list."""
    entry: dict[str, object] = {"file": name, "valid": False, "errors": error.to_list()}
    if error.more:
        entry["more_errors"] = error.more
    return entry


# Author text quoted in a message is cut to this many characters (ids are at most 80).
QUOTE_LIMIT = 80


def one_line(text: object, limit: int = QUOTE_LIMIT) -> str:
    """Author text fit for a one-line message: cut when long, line breaks and control characters
    (and invisible ones such as RTL marks) escaped, so `file:line:col: error:` stays one line."""
    value = str(text)
    if len(value) > limit:
        value = value[:limit] + "…"
    return value if value.isprintable() else repr(value)[1:-1]


def quote(text: object) -> str:
    """'probe' — author text in quotes, as `one_line` makes it."""
    return f"'{one_line(text)}'"


def did_you_mean(value: str, choices: Sequence[str]) -> str | None:
    """A cheap hint for a misspelt id or key; None when nothing is close."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"did you mean {quote(close[0])}?" if close else None
