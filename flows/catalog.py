"""A folder of models as a catalogue: which scenarios exist, which load, and what is wrong with the rest.

Sits beside the pipeline for the CLI and the web app: both list a models folder the same way. A model's
public id is its file name without `.yaml`; nothing else from a request ever reaches the file system.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from flows.errors import ModelError, Problem
from flows.load import load_model
from flows.model import Model
from flows.yamldoc import Limits

ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class Entry:
    """One model file: either loaded, or with the problems that stopped it."""

    id: str
    path: Path
    digest: str
    model: Model | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.model is not None


def load_entry(path: Path, limits: Limits | None = None) -> Entry:
    """Load one file into an Entry; model problems are kept, never raised."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        model = load_model(path, filename=str(path), limits=limits)
    except ModelError as exc:
        return Entry(path.stem, path, digest, None, exc.problems)
    return Entry(path.stem, path, digest, model)


def load_catalog(folder: Path, limits: Limits | None = None) -> dict[str, Entry]:
    """Every `*.yaml` model in `folder` whose file name is a valid id, sorted by id."""
    entries: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        if ENTRY_ID.match(path.stem) and path.is_file():
            entries[path.stem] = load_entry(path, limits)
    return entries
