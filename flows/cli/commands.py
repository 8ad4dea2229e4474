"""`adflows validate`, `render`, `schema`, `serve` and `build`: the core commands.

Importing this module registers them on `flows.cli.app.app`. `serve` and `build` import `web` only when
they run, so the command line starts without FastAPI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.app import TextOrJson, app, fail, load_or_fail, write_output
from flows.input.errors import ModelError, invalid_entry
from flows.input.load import load_model


@app.command()
def validate(
    models: Annotated[list[Path], typer.Argument(help="Model files to check.")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """Check models; exit 0 when all are valid, 1 otherwise."""
    results: list[dict[str, object]] = []
    all_ok = True
    for path in models:
        try:
            model = load_model(path, filename=str(path))
        except ModelError as exc:
            all_ok = False
            results.append(invalid_entry(str(path), exc))
            if format is TextOrJson.text:
                typer.echo(exc.format(), err=True)
            continue
        results.append({"file": str(path), "valid": True, "errors": []})
        if format is TextOrJson.text:
            typer.echo(f"{path}: ok ({len(model.nodes)} nodes, {len(model.flows)} flows)")
    if format is TextOrJson.json:
        typer.echo(json.dumps({"valid": all_ok, "files": results}, indent=2))
    if not all_ok:
        raise typer.Exit(1)


@app.command()
def render(
    model: Annotated[Path, typer.Argument(help="The model file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file to write ('-' for stdout).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The language the page opens in: the model's own (default) or one of its translations. "
            "The page holds every language either way.",
        ),
    ] = None,
) -> None:
    """Render a model as one self-contained HTML page that works offline."""
    from flows.input.translations import UnknownLanguageError, unknown_language
    from flows.output.page import render_html

    loaded = load_or_fail(model)
    target = output if output is not None else Path(model.stem + ".html")
    try:
        html = render_html(loaded, lang=lang)
    except UnknownLanguageError as exc:
        raise fail(unknown_language(loaded, exc)) from None
    write_output(html, target)
    if str(target) != "-":
        typer.echo(f"wrote {target}", err=True)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if omitted.")
    ] = None,
) -> None:
    """Print the JSON Schema of the model format (for editor autocompletion)."""
    from flows.input.schema import schema_text

    write_output(schema_text(), output)


@app.command()
def serve(
    models: Annotated[Path, typer.Option("--models", help="Folder of *.yaml models.")] = Path("models"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another name this server may be reached by (repeatable); requests naming any"
            " other host are refused, against DNS rebinding.",
        ),
    ] = None,
) -> None:
    """Serve the gallery, the model pages, the editor and the JSON API on http://HOST:PORT/."""
    import uvicorn

    from web.app import create_app
    from web.hosts import AllowedHosts

    if not models.is_dir():
        typer.echo(f"error: models folder {models} does not exist", err=True)
        raise typer.Exit(2)
    url = f"http://{host}:{port}/"
    typer.echo(f"adflows: serving {models} on {url} (editor: {url}editor, API: {url}api/docs)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo("note: other machines on the network can reach this server.", err=True)
    # No access log: request paths are fine to log, but the editor's text never is, and keeping the
    # log quiet keeps it that way. Errors still reach stderr.
    allowed = AllowedHosts.for_bind(host, allow_host or ())
    typer.echo(f"adflows: answering to the hosts {allowed.describe()}", err=True)
    app = create_app(models, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


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
