"""The event-by-event builder behind `yamldoc.load_yaml`: libyaml events -> plain values and spans.

Iterative (a 10,000-deep nesting cannot recurse), it checks the size, depth and alias limits as events
arrive, refuses explicit tags and duplicate keys, resolves plain scalars by the YAML 1.2 core schema and
records a 1-based span per key path down to `SHALLOW_DEPTH` (every depth on a full re-read).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from flows.input._yaml_problems import Loader as _Loader
from flows.input._yaml_problems import show_tag, syntax_problem
from flows.input._yaml_scalars import resolve_plain
from flows.input.errors import KeyPath, ModelError, Problem, quote
from flows.input.problem_cap import MAX_PROBLEMS
from flows.input.rawdoc import SHALLOW_DEPTH, Limits, RawDocument, Span

# Tags a plain YAML author may write; anything else (python/object, custom tags) is refused.
_ALLOWED_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_MERGE_KEY = "<<"
_MERGE = object()  # the pending key of a mapping that just read `<<`
_TYPED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}


_SKIP = object()  # the value of a key that was refused; built to consume its events, then dropped
_NO_KEY = object()  # a mapping waiting for its next key


def _at(mark: Any) -> Span:
    """libyaml's 0-based mark as our 1-based span; made only where a position is kept or shown."""
    return Span(mark.line + 1, mark.column + 1)


class _Frame:
    """One open mapping or sequence while events arrive."""

    __slots__ = (
        "anchor",
        "first_seen",
        "is_list",
        "key",
        "key_mark",
        "mark",
        "merged",
        "path",
        "record",
        "size",
        "value",
    )

    def __init__(self, value: Any, path: KeyPath, mark: Any, anchor: str | None, record: bool) -> None:
        self.value = value
        self.is_list = isinstance(value, list)
        self.path = path
        self.mark = mark
        self.anchor = anchor
        self.record = record  # whether its children's spans are recorded in this pass
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_mark = mark
        self.first_seen: dict[str, Any] = {}  # key -> libyaml mark of its first use
        self.merged: list[tuple[Any, Any]] = []


class _Builder:
    """Builds plain values from libyaml's events, checking limits and recording spans as it goes.

    Positions travel as libyaml's marks and become spans only where recorded: at every depth when the
    document has nothing to re-read from (the full pass), down to `SHALLOW_DEPTH` otherwise.
    """

    def __init__(self, doc: RawDocument, limits: Limits, text: str, source: str | bytes) -> None:
        self.doc = doc
        self.limits = limits
        self.text = text
        self.source = source
        self.record_depth = SHALLOW_DEPTH if doc._reread is not None else limits.max_depth + 1
        self.spans = doc._spans
        self.problems: list[Problem] = []  # readable problems (duplicate keys, bad merges)
        self.fatal: list[Problem] = []  # problems that make the data meaningless (tags, self-aliases)
        self.more = 0  # problems past MAX_PROBLEMS: counted only, so a hostile file stays cheap
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, str | None, Any]] = {}
        self.values = 0
        self.aliases = 0
        self.documents = 0

    def located(self, mark: Any, message: str, hint: str | None, path: KeyPath = ()) -> Problem:
        span = _at(mark)
        return Problem(self.doc.filename, span.line, span.col, message, path, hint)

    def fail(self, mark: Any, message: str, hint: str) -> ModelError:
        # The problem that stopped the reading first, so the cap never drops it.
        return ModelError([self.located(mark, message, hint), *self.fatal], self.more)

    def keep(self, found: list[Problem], problem: Callable[[], Problem]) -> None:
        """Add a problem to `found` while under the cap; past it, only count it (never compose it)."""
        if len(self.problems) + len(self.fatal) < MAX_PROBLEMS:
            found.append(problem())
        else:
            self.more += 1

    def run(self) -> bool:
        """Consume the whole stream; True when it held a document."""
        handlers = {
            yaml.MappingStartEvent: self.on_start,
            yaml.SequenceStartEvent: self.on_start,
            yaml.MappingEndEvent: self.on_end,
            yaml.SequenceEndEvent: self.on_end,
            yaml.AliasEvent: self.on_alias,
            yaml.DocumentStartEvent: self.on_document,
        }
        loader = _Loader(self.source)
        try:
            # get_event() directly rather than yaml.parse(): the generator's per-event check_event()
            # call is a measurable share of reading a large model.
            get_event = loader.get_event
            on_scalar, scalar_event = self.on_scalar, yaml.ScalarEvent
            event = get_event()
            while event is not None:
                if type(event) is scalar_event:  # most events by far: skip the table lookup
                    on_scalar(event)
                else:
                    handler = handlers.get(type(event))
                    if handler is not None:
                        handler(event)
                event = get_event()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            if mark is not None and "nesting depth" in str(getattr(exc, "problem", "")):
                # libyaml 0.2.5+ (PyYAML 6.0.4 wheels) has its own nesting limit and can reach it
                # while reading ahead, before our depth check sees the events: same message, its mark.
                raise self.fail(
                    mark,
                    f"nesting is deeper than {self.limits.max_depth} levels",
                    "a model needs only a few levels; look for runaway brackets or indentation",
                ) from None
            problem = syntax_problem(exc, self.doc.filename, self.text)
            raise ModelError([problem, *self.fatal], self.more) from None
        finally:
            loader.dispose()
        if self.fatal:
            raise ModelError([*self.fatal, *self.problems], self.more)
        return self.documents > 0

    # ---- events -------------------------------------------------------------------------------

    def on_document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(
                event.start_mark,
                "a model file holds one YAML document; found a second",
                "remove the '---' line or split the file",
            )

    def check_tag(self, tag: str, mark: Any) -> None:
        if tag not in _ALLOWED_TAGS:
            self.keep(
                self.fatal,
                lambda: self.located(
                    mark,
                    f"YAML tag '{show_tag(tag)}' is not allowed",
                    "remove the tag; models hold plain text, numbers, lists and mappings",
                ),
            )

    def on_scalar(self, event: yaml.ScalarEvent) -> None:
        # Most events by far are untagged, unanchored scalars deep in a mapping or list, whose
        # positions this pass does not record: they take the short way, with no `add` call.
        stack = self.stack
        if stack and event.tag is None and event.anchor is None and not stack[-1].record:
            frame = stack[-1]
            key = frame.key
            text = event.value
            if frame.is_list or (key is not _NO_KEY and key is not _SKIP and key is not _MERGE):
                self.values += 1
                frame.size += 1
                value = resolve_plain(text) if event.implicit[0] else text
                if frame.is_list:
                    frame.value.append(value)
                else:
                    frame.key = _NO_KEY
                    frame.value[key] = value
                return
            if key is _NO_KEY and text not in frame.first_seen and text != _MERGE_KEY:
                self.values += 1
                frame.size += 1
                frame.first_seen[text] = frame.key_mark = event.start_mark
                frame.key = text
                return
        self.on_any_scalar(event)

    def on_any_scalar(self, event: yaml.ScalarEvent) -> None:
        mark = event.start_mark
        tag = event.tag
        if tag is not None:
            self.check_tag(tag, mark)
        text = event.value
        plain = event.implicit[0]
        self.values += 1
        # A mapping key is kept as written, so most of the time (a key per value) nothing is resolved.
        frame = self.stack[-1] if self.stack else None
        key_of = frame if frame is not None and not frame.is_list and frame.key is _NO_KEY else None
        anchor = event.anchor
        value: Any = text
        if (key_of is None or anchor is not None) and (plain or tag in _TYPED_TAGS):
            value = resolve_plain(text)  # quoted, block or `!!str` text is always a string
        if anchor is not None:
            self.remember(anchor, value, 1, text, mark)
        if key_of is None:
            self.add(value, 1, mark, raw=text)
        elif plain and text == _MERGE_KEY:  # only a plain `<<` merges; a quoted one is a key
            key_of.key, key_of.key_mark = _MERGE, mark
        else:
            key_of.size += 1
            self.take_key(key_of, text, mark)

    def on_start(self, event: Any) -> None:
        mark = event.start_mark
        if event.tag is not None:
            self.check_tag(event.tag, mark)
        depth = len(self.stack)
        if depth >= self.limits.max_depth:
            raise self.fail(
                mark,
                f"nesting is deeper than {self.limits.max_depth} levels",
                "a model needs only a few levels; look for runaway brackets or indentation",
            )
        self.values += 1
        path = self.child_path()
        value: Any = {} if type(event) is yaml.MappingStartEvent else []
        self.stack.append(_Frame(value, path, mark, event.anchor, len(path) < self.record_depth))

    def on_end(self, event: Any) -> None:
        frame = self.stack.pop()
        if not frame.is_list:
            for key_mark, source in frame.merged:
                self.merge(frame, key_mark, source)
        if frame.anchor is not None:
            self.remember(frame.anchor, frame.value, frame.size, None, frame.mark)
        self.add(frame.value, frame.size, frame.mark, raw=None, path=frame.path)

    def on_alias(self, event: yaml.AliasEvent) -> None:
        mark = event.start_mark
        name = event.anchor
        self.aliases += 1
        if any(frame.anchor == name for frame in self.stack):
            self.keep(
                self.fatal,
                lambda: self.located(
                    mark,
                    f"alias '*{name}' is used inside the block its anchor '&{name}' marks,"
                    " so it would repeat forever",
                    "point the alias at something outside the anchored block",
                ),
            )
            self.add(None, 1, mark, raw=None)
            return
        if self.aliases > self.limits.max_aliases:
            raise self.fail(
                mark,
                f"more than {self.limits.max_aliases:,} aliases (*name)",
                "write the repeated parts out, or use fewer anchors",
            )
        if name not in self.anchors:
            raise self.fail(mark, f"YAML syntax: found undefined alias '*{name}'", f"define '&{name}' first")
        value, size, raw, _ = self.anchors[name]
        self.values += size
        if self.values > self.limits.max_values:
            raise self.fail(
                mark,
                f"aliases expand to more than {self.limits.max_values:,} values (an alias bomb?)",
                "write repeated parts out instead of nesting aliases",
            )
        self.add(value, size, mark, raw=raw)

    # ---- building -----------------------------------------------------------------------------

    def remember(self, name: str, value: Any, size: int, raw: str | None, mark: Any) -> None:
        if name in self.anchors:
            first = self.anchors[name][3]
            raise self.fail(
                mark,
                f"anchor '&{name}' is defined twice (first at line {first.line + 1})",
                "give each anchor its own name",
            )
        self.anchors[name] = (value, size, raw, mark)

    def child_path(self) -> KeyPath:
        """The key path of the value about to be added to the innermost open container."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if frame.is_list:
            return (*frame.path, len(frame.value))
        if frame.key is _NO_KEY or frame.key is _SKIP or not isinstance(frame.key, str):
            return frame.path
        return (*frame.path, frame.key)

    def add(self, value: Any, size: int, mark: Any, *, raw: str | None, path: KeyPath | None = None) -> None:
        """Put a finished value into the innermost open container (or make it the document)."""
        if not self.stack:
            self.doc.data = value
            self.spans.setdefault((), _at(mark))
            return
        frame = self.stack[-1]
        frame.size += size
        container = frame.value
        if frame.is_list:
            if frame.record:
                self.spans[(*frame.path, len(container))] = _at(mark)
            container.append(value)
            return
        key = frame.key
        if key is _NO_KEY:
            if raw is None:
                self.problem(mark, frame.path, "a key must be plain text, not a list or mapping")
                frame.key = _SKIP
            else:
                self.take_key(frame, raw, mark)
            return
        frame.key = _NO_KEY
        if key is _SKIP:
            return
        if key is _MERGE:
            frame.merged.append((frame.key_mark, value))
            return
        if frame.record:
            self.spans[path or (*frame.path, key)] = _at(mark)
        container[key] = value

    def take_key(self, frame: _Frame, raw: str, mark: Any) -> None:
        frame.key_mark = mark
        first_seen = frame.first_seen
        if raw in first_seen:
            self.problem(
                mark,
                (*frame.path, raw),
                f"duplicate key {quote(raw)} (first at line {first_seen[raw].line + 1})",
                "remove one of them; YAML would silently keep only the last",
            )
            frame.key = _SKIP
            return
        first_seen[raw] = mark
        frame.key = raw
        if frame.record:
            self.doc._key_spans[(*frame.path, raw)] = _at(mark)

    def merge(self, frame: _Frame, key_mark: Any, source: Any) -> None:
        """`<<: *base` or `<<: [*a, *b]` copies keys the mapping does not set itself.

        A bad merge is reported at the `<<` key: an alias's own position is where its anchor was.
        """
        items = source if isinstance(source, list) else [source]
        merged: dict[str, Any] = {}
        for item in reversed(items):
            if isinstance(item, dict):
                merged.update(item)
            else:
                shown = quote(item) if isinstance(item, str) else repr(item)
                kind = "a list" if isinstance(item, list) else f"the value {shown}"
                self.problem(
                    key_mark, frame.path, f"'<<' must name a mapping (an anchor like *base), not {kind}"
                )
        for key, value in merged.items():
            frame.value.setdefault(key, value)

    def problem(self, mark: Any, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.keep(self.problems, lambda: self.located(mark, message, hint, path))
