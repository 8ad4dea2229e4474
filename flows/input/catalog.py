"""A folder of models as a catalogue: which scenarios exist, which load, and what is wrong with the rest.

Sits beside the pipeline for the CLI and the web app: both list a models folder the same way. A model's
public id is its file name without `.yaml`; nothing else from a request ever reaches the file system.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from flows.input.errors import ModelError, Problem
from flows.input.load import load_model
from flows.input.model import Model
from flows.input.regular_file import RefusedFileError, read_regular_file
from flows.input.yamldoc import Limits

ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class Entry:
    """One model file: either loaded, or with the problems that stopped it.

    `text` holds the bytes read at start-up, so that serving the source later never opens the file
    again (it may since have been replaced by a FIFO or a link elsewhere).
    """

    id: str
    path: Path
    digest: str
    model: Model | None
    problems: tuple[Problem, ...] = ()
    text: bytes = b""

    @property
    def ok(self) -> bool:
        return self.model is not None


def load_entry(path: Path, limits: Limits | None = None, *, name: str | None = None) -> Entry:
    """Load one file into an Entry; model problems (and an unreadable file) are kept, never raised.

    `name` is what messages call the file: the web app passes the path relative to its models folder,
    so no answer shows where the server keeps its files.
    """
    limits = limits or Limits()
    shown = name or str(path)
    try:
        data = read_regular_file(path, limits.max_bytes)
    except (RefusedFileError, OSError) as exc:
        message = (
            exc.message if isinstance(exc, RefusedFileError) else f"cannot read the file: {exc.strerror}"
        )
        return _refused(path, shown, message, "check the file in the models folder")
    digest = hashlib.sha256(data).hexdigest()
    try:
        model = load_model(data, filename=shown, limits=limits)
    except ModelError as exc:
        return Entry(path.stem, path, digest, None, exc.problems, data)
    return Entry(path.stem, path, digest, model, (), data)


def _refused(path: Path, name: str, message: str, hint: str) -> Entry:
    return Entry(path.stem, path, "", None, (Problem(name, 1, 1, message, (), hint),))


def load_catalog(folder: Path, limits: Limits | None = None) -> dict[str, Entry]:
    """Every `*.yaml` model in `folder` whose file name is a valid id, sorted by id.

    A symbolic link that leads outside the folder is listed with a problem instead of being read: a
    link dropped into a shared folder must not publish a file from elsewhere on the machine.
    """
    entries: dict[str, Entry] = {}
    root = folder.resolve()
    for path in sorted(folder.glob("*.yaml")):
        if not ENTRY_ID.match(path.stem):
            continue
        name = path.name
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            hint = "copy the file into the models folder instead of linking to it"
            entries[path.stem] = _refused(
                path, name, "refused: a symbolic link that leads outside the models folder", hint
            )
            continue
        entries[path.stem] = load_entry(path, limits, name=name)
    return entries
