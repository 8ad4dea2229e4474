"""`paused_gc()`: the one speed switch, used at the entry points (see `flows.speed`), never in a stage.

Analysis and view building make millions of small objects (findings, known items, view dicts) that
never form reference cycles, so reference counting frees them all. While they pile up, the cyclic
collector still runs full passes over the whole heap (the model included): on a 20,000-node model
those passes were a third to a half of the analysis time, and their cost grows with the square of the
model. The collector is switched off for the duration and restored after, also on error.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enable it after only if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
