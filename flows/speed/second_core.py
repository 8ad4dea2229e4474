"""`beside(side, main)`: compute a JSON-ready value in a forked process while this one does other work.

`adflows render` runs on one model with two independent halves after loading: the analysis (about
3 s at 20,000 nodes) and the drawing view plus its JSON (about 1.5 s). A whole-process render is what
users wait for, and most machines have a second core idle meanwhile, so the CLI hands the analysis
to a forked copy of itself. Fork, not spawn: the copy already holds the loaded model, so nothing but
the (capped, small) result crosses the pipe.

Only where fork is safe and useful: a platform whose fork start method is sound (not macOS, where
system libraries may crash a forked child), a single-threaded caller (forking a threaded server
copies locks held by other threads), and more than one usable core. Anywhere else, and whenever the
side process fails for any reason, `side` simply runs here, so the result and its errors are exactly
those of the serial path.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")


def beside(side: Callable[[], Any], main: Callable[[], T]) -> tuple[Any, T]:
    """`(side(), main())`, with `side` in a forked process when `can_fork()`.

    `side`'s value must be picklable (JSON-ready data is). An exception in `side` is not reported
    from the child: `side` runs again here, so it is raised (or turns out fine) exactly as if it had
    never been forked.
    """
    if not can_fork():
        return side(), main()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run_side, args=(side, send), daemon=True)
    child.start()
    send.close()  # the child holds its own copy; once it exits, receive sees the end of the pipe
    try:
        main_value = main()
        side_value = _receive(receive)  # (value,) or None when the child failed
    finally:
        receive.close()
        if child.is_alive():  # main raised (or the child hangs after sending): do not leave it behind
            child.terminate()
        child.join()
    if side_value is None:
        return side(), main_value
    return side_value[0], main_value


def can_fork() -> bool:
    """Whether `beside` may fork here (see the module docstring for why each condition)."""
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() > 1:
        return False
    return _usable_cores() > 1


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _run_side(side: Callable[[], Any], send: Connection) -> None:
    """In the child: send `(side(),)`, or None when it failed. Never raises, so multiprocessing
    prints no traceback; the parent re-runs `side` and reports any error in its own words."""
    value: tuple[Any] | None
    try:
        value = (side(),)
    except BaseException:  # any failure means the same: the parent redoes it
        value = None
    try:
        send.send(value)
    except BaseException:  # unpicklable value, closed pipe: the parent redoes it
        pass
    finally:
        send.close()


def _receive(receive: Connection) -> tuple[Any] | None:
    try:
        received: tuple[Any] | None = receive.recv()
    except (EOFError, OSError):  # the child died before sending (killed, out of memory)
        return None
    return received
