"""Safe YAML parsing that keeps line and column for every key: YAML text -> RawDocument.

First stage of the pipeline. PyYAML's defaults silently corrupt data (duplicate keys overwrite, `no` and
`on` become booleans, dates become `date` objects, marks are 0-based) and have no limits, so a hostile
file could exhaust memory or the stack. This module fixes all of that in one pass over libyaml's event
stream (iterative, so a 10,000-deep nesting cannot recurse, and no node tree is built):

* size, depth and alias limits are enforced as events arrive, every explicit tag (`!!python/object`)
  is rejected, and an alias bomb is stopped by counting what aliases expand to;
* values are built directly as plain dicts, lists and scalars, resolved by the YAML 1.2 core schema
  (only `true`/`false` are booleans, dates stay strings); duplicate keys are rejected; a 1-based
  (line, col) is recorded for each key path.

Positions cost more than the values (a tuple key path and a span per scalar: 2.2 million of them, and
most of the memory, on a 20,000-node model), yet a valid model needs only those of its sections and
their elements. So the first pass records spans down to `SHALLOW_DEPTH`, and a question about a deeper
path (a validation error deep inside a flow) re-reads the text once with every position recorded.
"""

from __future__ import annotations

from functools import partial

from flows.input._yaml_builder import _Builder
from flows.input._yaml_problems import encoding_problem
from flows.input._yaml_scalars import resolve_plain
from flows.input.control_chars import may_hold_control
from flows.input.errors import ModelError, Problem
from flows.input.rawdoc import Limits, RawDocument, Span, iter_paths

__all__ = ["Limits", "RawDocument", "Span", "iter_paths", "load_yaml", "resolve_plain"]


def load_yaml(
    text: str | bytes,
    filename: str = "<model>",
    limits: Limits | None = None,
    *,
    keep_going: bool = False,
) -> RawDocument:
    """Parse one YAML document safely; raise ModelError with located problems otherwise.

    With `keep_going`, problems that leave the data readable (duplicate keys) are returned in
    `RawDocument.problems` instead of raised, for `validate` to report alongside its own.
    """
    limits = limits or Limits()
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > limits.max_bytes:
        raise ModelError(
            [
                Problem(
                    filename,
                    1,
                    1,
                    f"file is {size:,} bytes; the limit is {limits.max_bytes:,}",
                    (),
                    "split the model or raise the limit",
                )
            ]
        )
    source = text  # libyaml reads UTF-8 bytes as they are; a str it would first encode again
    if isinstance(source, bytes):
        try:
            decoded = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ModelError([encoding_problem(source, exc.start, filename)]) from None
    else:
        decoded = source
    doc = RawDocument(
        data=None, filename=filename, _reread=partial(_read_fully, filename, decoded, source, limits)
    )
    builder = _Builder(doc, limits, decoded, source)
    found = builder.run()
    if not found:
        raise ModelError([Problem(filename, 1, 1, "the file is empty", (), "start from `adflows new`")])
    doc.problems, doc.more_problems = builder.problems, builder.more
    doc.may_hold_controls = may_hold_control(decoded)
    if builder.problems and not keep_going:
        raise ModelError(builder.problems, builder.more)
    return doc


def _read_fully(filename: str, text: str, source: str | bytes, limits: Limits) -> RawDocument:
    """Read the text again with every span recorded: what a question about a deep path needs."""
    full = RawDocument(data=None, filename=filename)
    _Builder(full, limits, text, source).run()
    return full
