"""The `adflows` command line, on top of every stage: a thin layer over `flows` (no domain logic here).

In: command-line arguments and model files. Out: text, JSON, HTML or pictures on stdout or in files, and
an exit code (0 success, 1 the model or a finding failed, 2 wrong usage). `app.py` holds the Typer app
that every command module registers on; this package's `__init__` imports the command modules once, so
`flows.cli.app` (the fully registered app) and `main` (the console script) are ready here.
"""

from __future__ import annotations

import gc
import sys

import typer

from flows.cli import analysis, authoring, commands, interop  # noqa: F401  (importing registers commands)
from flows.cli.app import app, load_or_fail, write_output
from flows.cli.importing import import_app
from flows.input.errors import ModelError, Problem

app.add_typer(import_app, name="import")


def main() -> None:
    """Console-script entry point; turns stray model errors into messages, never tracebacks.

    Every command but `serve` reads its input, writes its output and exits, freeing its memory at
    exit; Python's cyclic collector would only rescan the model's millions of objects again and again
    while the page is built (about 1.5 s at 20,000 nodes, with no cycle to find), so it is switched
    off for them. The long-running server keeps it, and so do tests calling `app` in-process.
    """
    if sys.argv[1:2] != ["serve"]:
        gc.disable()
    try:
        app()
    except ModelError as exc:  # a command forgot to catch it: still no traceback
        typer.echo(exc.format(), err=True)
        sys.exit(1)


__all__ = ["Problem", "app", "load_or_fail", "main", "write_output"]
