"""What the routes ask of `flows`, in one place: load uploaded text, prepare a model's view, page and
findings, and describe a catalogue entry. No domain logic: every answer comes from the same `flows`
functions the CLI calls (`load_model`, `analyse`, `report.render_json`, `render_view`).

Results for catalogue models are cached by the SHA-256 of the file's bytes. Uploaded text is computed
for its request and then forgotten (the server keeps no copy of what someone typed in the editor),
unless it is byte for byte a catalogue model: then `AnswerCache` keeps the answer by content hash.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from flows.analysis.run import Analysis, analyse
from flows.input.catalog import Entry
from flows.input.load import load_model
from flows.input.model import Model
from flows.input.yamldoc import Limits
from flows.output.page import RenderedPage, render_view, translated_views
from flows.output.report import render_json, summary_counts
from flows.speed.gc import paused_gc
from flows.view.contract import GraphView
from flows.view.page_view import page_view

# One megabyte of YAML is already far more than a hand-written model (the Cosmose scenario is ~40 KB).
MAX_BODY = 1024 * 1024
UPLOAD_LIMITS = Limits(max_bytes=MAX_BODY, max_depth=40, max_aliases=200, max_values=200_000)
UPLOAD_NAME = "model.yaml"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ANSWER_CACHE_SIZE = 64
T = TypeVar("T")


@dataclass(frozen=True)
class Prepared:
    """Everything the app shows about one loaded model, computed on first use."""

    model: Model

    # Each is computed under the one speed switch (`flows.speed`): the server keeps Python's cyclic
    # collector on, except while a model's millions of cycle-free objects are made.
    @cached_property
    def analysis(self) -> Analysis:
        with paused_gc():
            return analyse(self.model)

    @cached_property
    def view(self) -> GraphView:
        with paused_gc():
            return page_view(self.model, self.analysis)  # the file `adflows render` writes

    @cached_property
    def page(self) -> RenderedPage:
        with paused_gc():
            # One block per other language of the model, as in the file `adflows render` writes.
            return render_view(self.view, translated_views(self.model))

    @cached_property
    def findings_json(self) -> str:
        """Byte for byte what `adflows check --format json` prints."""
        return render_json(self.model, self.analysis.findings)

    @cached_property
    def counts(self) -> dict[str, int]:
        return summary_counts(self.analysis.findings)


class PreparedCache:
    """Prepared models by content hash: a file that did not change is analysed and rendered once."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Prepared] = {}
        self._lock = threading.Lock()

    def get(self, entry: Entry) -> Prepared | None:
        if entry.model is None:
            return None
        # By id too: two files with the same bytes are two models, each named by its own file.
        key = (entry.id, entry.digest)
        with self._lock:
            prepared = self._items.get(key)
            if prepared is None:
                prepared = self._items[key] = Prepared(entry.model)
            return prepared


class AnswerCache:
    """Answers to POSTed YAML by (route, file name, SHA-256 of the body): a bounded LRU, in memory only.

    Only text whose hash is a catalogue file's digest is admitted (a classroom posting the bundled
    scenarios, a load test), so the promise above holds: nobody's own model is kept after its answer.
    A failing `compute` (a `ModelError`) is raised and nothing is stored.
    """

    def __init__(self, digests: frozenset[str], maxsize: int = ANSWER_CACHE_SIZE) -> None:
        self.digests = digests
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get_or_compute(self, route: str, filename: str, body: bytes, compute: Callable[[], T]) -> T:
        digest = hashlib.sha256(body).hexdigest()
        if digest not in self.digests:
            return compute()
        key = (route, filename, digest)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
        value = compute()  # outside the lock: two first requests may both compute; both are correct
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value


def upload_name(requested: str | None) -> str:
    """The name errors use for uploaded text: the client's file name if it is a plain one."""
    if requested and _SAFE_NAME.match(requested):
        return requested
    return UPLOAD_NAME


def load_upload(body: bytes, filename: str) -> Model:
    """Load YAML sent by a client under the tighter upload limits; raises `ModelError`."""
    return load_model(body, filename=filename, limits=UPLOAD_LIMITS)


def card(entry: Entry, prepared: Prepared | None) -> dict[str, Any]:
    """What the gallery card and `/api/models` say about one model."""
    if prepared is None:
        return {
            "id": entry.id,
            "ok": False,
            "title": entry.id,
            "errors": [p.to_dict() for p in entry.problems],
            "messages": [p.format() for p in entry.problems],
        }
    model = prepared.model
    return {
        "id": entry.id,
        "ok": True,
        "title": model.title,
        "summary": model.summary,
        "parties": len(model.parties),
        "nodes": len(model.nodes),
        "flows": len(model.flows),
        "sources": len(model.sources),
        "steps": len(model.story),
        "findings": prepared.counts,
        "digest": entry.digest,
        "links": {
            "page": f"/models/{entry.id}",
            "editor": f"/editor?model={entry.id}",
            "view": f"/api/models/{entry.id}/view",
            "findings": f"/api/models/{entry.id}/findings",
            "source": f"/api/models/{entry.id}/source",
        },
    }
