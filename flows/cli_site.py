"""`adflows build SITE_DIR`: the gallery as a static site (a thin layer over `web.site_build`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli import app


@app.command()
def build(
    site_dir: Annotated[
        Path, typer.Argument(help="Folder to write the site into (empty, or an earlier build).")
    ],
    models: Annotated[Path, typer.Option("--models", help="Folder of *.yaml models.")] = Path("models"),
) -> None:
    """Write the gallery as static files any web host can serve: pages, JSON twins, search index, 404.

    Links are relative, so the site works from a subfolder or a CDN. Unchanged models change no file.
    """
    from web.site_build import SiteError, build_site

    try:
        report = build_site(models, site_dir)
    except SiteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1 if models.is_dir() else 2) from None
    broken = (
        f", {report.broken} model{'s' if report.broken != 1 else ''} with problems" if report.broken else ""
    )
    removed = f", {len(report.removed)} removed" if report.removed else ""
    typer.echo(
        f"built {site_dir}: {report.pages} page{'s' if report.pages != 1 else ''}{broken}; "
        f"{len(report.written)} files written, {len(report.unchanged)} unchanged{removed}",
        err=True,
    )
