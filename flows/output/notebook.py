"""Jupyter support: `show(model)` puts the interactive page inline in a notebook, offline.

Renderer stage, on top of `render_html`. The page is a whole HTML document with its own strict
Content-Security-Policy, so it goes into an `<iframe srcdoc>` (sandboxed: scripts run, but in an opaque
origin, away from the notebook and its kernel). Every script and style is inside the page: no CDN.
Nothing here imports IPython; Jupyter calls `_repr_html_` on the returned object.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from flows.input.model import Model
from flows.speed.gc import paused_gc

DEFAULT_HEIGHT = 720


@dataclass(frozen=True)
class Page:
    """The rendered page; shows itself inline when it is the last expression of a notebook cell."""

    title: str
    html: str
    height: int = DEFAULT_HEIGHT

    def _repr_html_(self) -> str:
        return (
            f'<iframe title="{html.escape(self.title)}" srcdoc="{html.escape(self.html, quote=True)}" '
            f'sandbox="allow-scripts" style="width:100%;height:{self.height}px;border:1px solid #ccc">'
            "</iframe>"
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page as one offline HTML file, as `adflows render` does."""
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target


def show(model: Model | str | os.PathLike[str], *, height: int = DEFAULT_HEIGHT) -> Page:
    """The interactive page for a model (or a model file), with journeys and findings, for Jupyter."""
    from flows.input.load import load_model
    from flows.output.page import render_html

    with paused_gc():  # the one speed switch (`flows.speed`), as the command line has it
        loaded = model if isinstance(model, Model) else load_model(model)
        page = render_html(loaded)
    return Page(loaded.title, page, height)
