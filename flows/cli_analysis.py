"""`adflows reverse-hash` on the command line: the live demonstration with a progress bar on stderr.

A thin layer over `flows.reversehash` (the search itself is a pure function there).
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from flows.reversehash import SUFFIX_BITS, example_hash, normalise_oui, reverse_hash


def run_reverse_hash(digest: str | None, oui: str | None, algorithm: str, encoding: str) -> int:
    """Run the search, print what it found and how fast; return the exit code."""
    if digest is None:
        mac, digest = example_hash(algorithm, encoding)
        oui = mac[:8]
        typer.echo(f"Example: the {algorithm} of the MAC address {mac} is")
        typer.echo(f"  {digest}")
        typer.echo(f"Knowing only that hash and the maker's prefix {oui}, try every address:")
    elif oui is None:
        typer.echo("error: give the vendor prefix with --oui, e.g. --oui f0:18:98", err=True)
        return 2
    try:
        oui = normalise_oui(oui)
        space = 1 << SUFFIX_BITS
        console = Console(stderr=True)
        columns = (
            TextColumn("trying {task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"{oui}:xx:xx:xx", total=space)
            result = reverse_hash(
                digest,
                oui,
                algorithm,
                encoding,
                progress=lambda tried: progress.update(task, completed=tried),
            )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    rate = f"{result.rate / 1e6:.1f} million hashes per second"
    if result.mac is None:
        typer.echo(
            f"not found: no address with prefix {oui} has that {algorithm} hash "
            f"({result.tried:,} tried in {result.seconds:.1f} s, {rate}); check --oui and --encoding"
        )
        return 1
    typer.echo(f"found {result.mac}")
    typer.echo(f"after {result.tried:,} of {result.space:,} candidates in {result.seconds:.1f} s ({rate}).")
    typer.echo("A hash of a MAC address is a pseudonym, not anonymous data.")
    return 0
