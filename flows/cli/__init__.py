"""The `adflows` command line, on top of every stage: a thin layer over `flows` (no domain logic here).

In: command-line arguments and model files. Out: text, JSON, HTML or pictures on stdout or in files, and
an exit code (0 success, 1 the model or a finding failed, 2 wrong usage). `app.py` holds the Typer app
that every command module registers on; this package's `__init__` imports the command modules once, so
`flows.cli.app` (the fully registered app) and `main` (the console script) are ready here.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext

import typer

from flows.cli import analysis, authoring, commands, interop  # noqa: F401  (importing registers commands)
from flows.cli.app import app, load_or_fail, write_output
from flows.cli.importing import import_app
from flows.input.errors import ModelError, Problem
from flows.speed.gc import paused_gc

app.add_typer(import_app, name="import")


def main() -> None:
    """Console-script entry point; turns stray model errors into messages, never tracebacks.

    Every command but `serve` reads its input, writes its output and exits: for them the one speed
    switch (`flows.speed`) is on, so Python's cyclic collector does not rescan the model's millions of
    objects while the page is built. The long-running server keeps it on, and so do tests calling
    `app` in-process.
    """
    switch = paused_gc() if sys.argv[1:2] != ["serve"] else nullcontext()
    try:
        with switch:
            app()
    except ModelError as exc:  # a command forgot to catch it: still no traceback
        typer.echo(exc.format(), err=True)
        sys.exit(1)


__all__ = ["Problem", "app", "load_or_fail", "main", "write_output"]
