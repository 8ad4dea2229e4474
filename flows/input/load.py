"""`load_model`: the input half of the pipeline in one call.

YAML text -> RawDocument -> ModelDoc -> Model; everything after it works on the Model only.
"""

from __future__ import annotations

import os
from pathlib import Path

from flows.input.errors import ModelError, Problem
from flows.input.model import Model, resolve
from flows.input.regular_file import RefusedFileError, read_regular_file
from flows.input.validate import validate
from flows.input.yamldoc import Limits, load_yaml


def load_model(
    path_or_text: str | bytes | os.PathLike[str],
    *,
    filename: str | None = None,
    limits: Limits | None = None,
) -> Model:
    """Load a model from a file path or from YAML text; raise ModelError listing every problem.

    A `Path`, or a string with no newline that names an existing file, is read from disk; any other
    string, and any bytes (an upload, checked for UTF-8), is taken as YAML text. `filename` names the
    text in error messages.
    """
    limits = limits or Limits()
    text: str | bytes
    if isinstance(path_or_text, bytes):
        text, name = path_or_text, filename or "<model>"
    elif isinstance(path_or_text, os.PathLike) or _names_a_file(path_or_text):
        path = Path(path_or_text)
        name = filename or str(path_or_text)
        text = read_model_file(path, name, limits)
    else:
        text, name = str(path_or_text), filename or "<model>"
    raw = load_yaml(text, name, limits, keep_going=True)
    return resolve(validate(raw), raw)


def _names_a_file(text: str) -> bool:
    """Whether one-line text is the path of an existing file (and not YAML such as `id: x`).

    `Path.is_file` raises, rather than returning False, for names the OS refuses outright (a part
    longer than 255 bytes: ENAMETOOLONG), so a long one-line YAML text must not reach it unguarded.
    """
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def read_model_file(path: Path, name: str, limits: Limits) -> bytes:
    """Read a model file: a regular file only, and never more than `limits.max_bytes` (`regular_file`)."""
    try:
        return read_regular_file(path, limits.max_bytes)
    except RefusedFileError as exc:
        raise ModelError([Problem(name, 1, 1, exc.message, (), exc.hint)]) from None
    except OSError as exc:
        raise ModelError(
            [Problem(name, 1, 1, f"cannot read the file: {exc.strerror or exc}", (), "check the path")]
        ) from None
