"""Let fuzz failures be reported: pre-import what Hypothesis uses to write its failure patches.

When a test fails, Hypothesis's pytest plugin imports libcst to write a `.hypothesis/patches/` file,
and libcst warns (mypy_extensions.TypedDict is deprecated). Our warnings-as-errors setting turns that
into an INTERNALERROR that hides the real failure, so import it once here with the warning silenced.
"""

from __future__ import annotations

import contextlib
import warnings

with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore", DeprecationWarning)
    import hypothesis.extra._patching  # noqa: F401
