"""The `adflows` Typer app and the helpers every command module shares.

Command modules import `app` from here and register on it; this module imports none of them, so the
command line has no import circle. Model problems go to stderr as `file:line:col: error: message` and the
command exits 1; a traceback is a bug. Exit codes: 0 success, 1 the model (or a finding) failed,
2 wrong usage.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from flows.input.errors import ModelError
from flows.input.i18n import languages, supported
from flows.input.load import load_model
from flows.input.model import Model

app = typer.Typer(
    name="adflows",
    help="Make ad-tech data flows visible: check YAML models and render them as offline pages.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def fail(error: ModelError) -> typer.Exit:
    """Print every problem to stderr and return the exit to raise."""
    typer.echo(error.format(), err=True)
    count = error.count
    typer.echo(f"{count:,} problem{'s' if count != 1 else ''} found.", err=True)
    return typer.Exit(1)


def write_output(content: str | bytes, output: Path | None) -> None:
    """Write text or bytes to a file, or to stdout when no file (or '-') is given."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None or str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        typer.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None


def load_or_fail(path: Path) -> Model:
    """Load a model for a command, or print its problems and exit 1."""
    try:
        return load_model(path, filename=str(path))
    except ModelError as exc:
        raise fail(exc) from None


# `--lang` for the text commands (`trace`, `knows`): the fixed words in a catalog's language, and the
# model's own text in that language when the model has that translation.
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Word the output in this language (de, fr, ...), with the model's own text in it when the "
        "model has that translation; English by default.",
    ),
]


def wording_language(lang: str | None) -> str | None:
    """The catalog language `lang` asks for (None: English); an unknown one exits 1 listing the others."""
    if lang is None:
        return None
    code = supported(lang)
    if code is None:
        shown = ", ".join(languages())
        typer.echo(f"error: --lang {lang[:40]!r}: no wording in that language; available: {shown}", err=True)
        raise typer.Exit(1)
    return code


def shown_in(model: Model, code: str | None) -> Model:
    """The model with its text in `code` when it has that translation, else as written."""
    from flows.input.translations import available_languages, translated

    if code is None or code == model.language or code not in available_languages(model):
        return model
    return translated(model, code)[0]
