"""Safe YAML parsing that keeps line and column for every key: YAML text -> RawDocument.

First stage of the pipeline. PyYAML's defaults silently corrupt data (duplicate keys overwrite, `no` and
`on` become booleans, dates become `date` objects, marks are 0-based) and have no limits, so a hostile
file could exhaust memory or the stack. This module fixes all of that:

* the text is first scanned as an event stream (iterative, so a 10,000-deep nesting cannot recurse)
  to enforce the size, depth and alias limits and to reject every explicit tag (`!!python/object`);
* the composed node tree is then turned into plain dicts, lists and scalars by our own walker, which
  resolves scalars by the YAML 1.2 core schema (only `true`/`false` are booleans, dates stay strings),
  rejects duplicate keys and records a 1-based (line, col) for each key path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from flows.errors import KeyPath, ModelError, Problem, quote

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Marks an untagged plain scalar. PyYAML's own (YAML 1.1) resolver would tag `no` as a bool, and the
# C loader reports plain style as '' where the pure-Python one says None, so style cannot tell us.
_PLAIN_TAG = "tag:adflows,2024:plain"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with implicit resolution switched off; `resolve_plain` does it instead."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return str(super().resolve(kind, value, implicit))


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
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
MAX_INT_DIGITS = 100
_TYPED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}


@dataclass(frozen=True)
class Limits:
    """Bounds on input, chosen so a hostile file fails in well under a second.

    The defaults admit a 20,000-node / 80,000-flow model; the web app passes tighter ones.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 10_000
    max_values: int = 5_000_000


@dataclass(frozen=True)
class Span:
    line: int
    col: int


@dataclass
class RawDocument:
    """Plain data from the YAML plus where each key path came from (1-based)."""

    data: Any
    filename: str
    spans: dict[KeyPath, Span] = field(default_factory=dict)
    key_spans: dict[KeyPath, Span] = field(default_factory=dict)
    # Problems that left the data readable (a duplicate key keeps its first value); `validate`
    # reports them with its own, so one run shows everything wrong with the file.
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: KeyPath, *, key: bool = False) -> Span:
        """The nearest recorded position for `path`, walking up to its parents if needed."""
        table = self.key_spans if key else self.spans
        for cut in range(len(path), -1, -1):
            span = table.get(path[:cut]) or self.spans.get(path[:cut])
            if span is not None:
                return span
        return Span(1, 1)

    def problem(self, path: KeyPath, message: str, *, key: bool = False, hint: str | None = None) -> Problem:
        span = self.locate(path, key=key)
        return Problem(self.filename, span.line, span.col, message, path, hint)


def _span(node: yaml.Node | yaml.Event) -> Span:
    mark = node.start_mark
    return Span(mark.line + 1, mark.column + 1)


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
    if isinstance(text, bytes):
        data = text
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ModelError([_encoding_problem(data, exc.start, filename)]) from None
    _scan_events(text, filename, limits)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:  # already caught by the scan in practice; kept for safety
        raise ModelError([_syntax_problem(exc, filename, text)]) from None
    doc = RawDocument(data=None, filename=filename)
    if root is None:
        raise ModelError([Problem(filename, 1, 1, "the file is empty", (), "start from `adflows new`")])
    walker = _Walker(doc, limits)
    doc.data = walker.value(root, ())
    doc.problems = walker.problems
    if walker.problems and not keep_going:
        raise ModelError(walker.problems)
    return doc


def _encoding_problem(data: bytes, start: int, filename: str) -> Problem:
    """Point at the first byte that is not UTF-8, by line and column (counted in bytes)."""
    line = data.count(b"\n", 0, start) + 1
    col = start - (data.rfind(b"\n", 0, start) + 1) + 1
    message = f"the file is not UTF-8 text: byte 0x{data[start]:02x} cannot be read"
    return Problem(filename, line, col, message, (), "save the file as UTF-8")


def _character_problem(exc: yaml.reader.ReaderError, filename: str, text: str) -> Problem:
    """A control character YAML refuses (NUL, ESC, U+001F...), at its line and column.

    PyYAML's own text spans two lines and names an internal '<unicode string>'. libyaml reports the
    position as a byte offset into the UTF-8 text, the pure-Python reader as a character index.
    """
    position = int(exc.position)
    if _BaseLoader is not yaml.SafeLoader:
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    before = text[:position]
    line = before.count("\n") + 1
    col = position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
    message = f"YAML syntax: the control character U+{code:04X} is not allowed in a YAML file"
    hint = f'delete it; to keep it in text, write it as "\\u{code:04x}" inside double quotes'
    return Problem(filename, line, col, message, (), hint)


def _syntax_problem(exc: yaml.YAMLError, filename: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _character_problem(exc, filename, text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in row[: len(row) - len(row.lstrip())] or row[col - 1 : col] == "\t":
        # PyYAML says "found character '\t' that cannot start any token", which hides the cause.
        message = "YAML syntax: a tab is used for indentation; YAML allows only spaces there"
        return Problem(filename, line, col, message, (), "replace the tab with spaces")
    what = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    started = getattr(exc, "context_mark", None)
    if context and started is not None and started is not mark:
        context += f" that starts at line {started.line + 1}, column {started.column + 1}"
    message = f"YAML syntax: {what}" + (f" ({context})" if context else "")
    return Problem(filename, line, col, message, (), "check indentation, colons and quotes on this line")


def _show_tag(tag: object) -> str:
    """'!!python/object/apply:os.system' as the author wrote it, not PyYAML's expanded form."""
    text, prefix = str(tag), "tag:yaml.org,2002:"
    return "!!" + text[len(prefix) :] if text.startswith(prefix) else text


def _scan_events(text: str, filename: str, limits: Limits) -> None:
    """Enforce depth, alias and tag limits on the event stream before anything is built."""
    depth = aliases = documents = 0
    problems: list[Problem] = []
    # An alias inside the block its own anchor marks (`a: &x [*x]`) makes PyYAML compose a node that
    # contains itself; walking it would recurse forever. Track which anchors are still open.
    open_anchors: list[str | None] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    span = _span(event)
                    raise ModelError(
                        [
                            Problem(
                                filename,
                                span.line,
                                span.col,
                                "a model file holds one YAML document; found a second",
                                (),
                                "remove the '---' line or split the file",
                            )
                        ]
                    )
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limits.max_depth:
                    span = _span(event)
                    raise ModelError(
                        [
                            Problem(
                                filename,
                                span.line,
                                span.col,
                                f"nesting is deeper than {limits.max_depth} levels",
                                (),
                                "a model needs only a few levels; look for runaway brackets or indentation",
                            )
                        ]
                    )
                open_anchors.append(event.anchor)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                open_anchors.pop()
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if event.anchor in open_anchors:
                    span = _span(event)
                    problems.append(
                        Problem(
                            filename,
                            span.line,
                            span.col,
                            f"alias '*{event.anchor}' is used inside the block its anchor"
                            f" '&{event.anchor}' marks, so it would repeat forever",
                            (),
                            "point the alias at something outside the anchored block",
                        )
                    )
                if aliases > limits.max_aliases:
                    span = _span(event)
                    raise ModelError(
                        [
                            Problem(
                                filename,
                                span.line,
                                span.col,
                                f"more than {limits.max_aliases:,} aliases (*name)",
                                (),
                                "write the repeated parts out, or use fewer anchors",
                            )
                        ]
                    )
            tag = getattr(event, "tag", None)
            if tag not in _ALLOWED_TAGS and not isinstance(
                event, (yaml.DocumentStartEvent, yaml.StreamStartEvent)
            ):
                span = _span(event)
                problems.append(
                    Problem(
                        filename,
                        span.line,
                        span.col,
                        f"YAML tag '{_show_tag(tag)}' is not allowed",
                        (),
                        "remove the tag; models hold plain text, numbers, lists and mappings",
                    )
                )
    except yaml.YAMLError as exc:
        raise ModelError([*problems, _syntax_problem(exc, filename, text)]) from None
    except RecursionError:
        raise ModelError(
            [Problem(filename, 1, 1, "nesting is too deep to read", (), "simplify the structure")]
        ) from None
    if problems:
        raise ModelError(problems)


class _Walker:
    """Turns composed nodes into plain values, recording spans and collecting problems."""

    def __init__(self, doc: RawDocument, limits: Limits) -> None:
        self.doc = doc
        self.limits = limits
        self.problems: list[Problem] = []
        self.values = 0
        self.sizes: dict[int, int] = {}
        self.done: dict[int, Any] = {}

    def problem(self, node: yaml.Node, path: KeyPath, message: str, hint: str | None = None) -> None:
        span = _span(node)
        self.problems.append(Problem(self.doc.filename, span.line, span.col, message, path, hint))

    def expanded_size(self, node: yaml.Node) -> int:
        """How many values the node stands for once aliases are expanded (memoised, linear)."""
        key = id(node)
        if key not in self.sizes:
            if isinstance(node, yaml.MappingNode):
                size = 1 + sum(self.expanded_size(k) + self.expanded_size(v) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                size = 1 + sum(self.expanded_size(item) for item in node.value)
            else:
                size = 1
            self.sizes[key] = size
        return self.sizes[key]

    def value(self, node: yaml.Node, path: KeyPath) -> Any:
        self.doc.spans.setdefault(path, _span(node))
        if id(node) in self.done:  # an alias: reuse the value, but count what it expands to
            self.values += self.expanded_size(node)
            if self.values > self.limits.max_values:
                self.problem(
                    node,
                    path,
                    f"aliases expand to more than {self.limits.max_values:,} values (an alias bomb?)",
                    "write repeated parts out instead of nesting aliases",
                )
                raise ModelError(self.problems)
            return self.done[id(node)]
        self.values += 1
        if isinstance(node, yaml.MappingNode):
            result: Any = self.mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            result = [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        else:
            result = self.scalar(node)
        self.done[id(node)] = result
        return result

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Span] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a key must be plain text, not a list or mapping")
                continue
            key = str(key_node.value)
            if key == _MERGE_KEY and key_node.tag == _PLAIN_TAG:
                merged.update(self.merge_sources(key_node, value_node, path))
                continue
            sub = (*path, key)
            if key in first_seen:
                where = first_seen[key]
                self.problem(
                    key_node,
                    sub,
                    f"duplicate key {quote(key)} (first at line {where.line})",
                    "remove one of them; YAML would silently keep only the last",
                )
                continue
            first_seen[key] = _span(key_node)
            self.doc.key_spans[sub] = _span(key_node)
            result[key] = self.value(value_node, sub)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge_sources(self, key: yaml.Node, node: yaml.Node, path: KeyPath) -> dict[str, Any]:
        """`<<: *base` or `<<: [*a, *b]` copies keys the mapping does not set itself.

        A bad merge is reported at the `<<` key: an alias's own position is where its anchor was.
        """
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for item in reversed(items):
            value = self.value(item, path)
            if isinstance(value, dict):
                merged.update(value)
            else:
                shown = quote(value) if isinstance(value, str) else repr(value)
                kind = "a list" if isinstance(value, list) else f"the value {shown}"
                self.problem(key, path, f"'<<' must name a mapping (an anchor like *base), not {kind}")
        return merged

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _PLAIN_TAG or node.tag in _TYPED_TAGS:
            return resolve_plain(node.value)
        return node.value  # quoted, block or `!!str` text is always a string


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema: only true/false are booleans; dates, 'no' and 'on' stay strings.

    Integers longer than MAX_INT_DIGITS stay strings too: Python refuses to convert more than 4,300
    decimal digits (CVE-2020-10735 guard), and a hex one that size could not be printed in a message
    or written as JSON. No model needs such a number, and schema errors then name it as text.
    """
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text) and len(text) <= MAX_INT_DIGITS:
        return int(text, 0) if text.lstrip("+-")[:2] in ("0o", "0x") else int(text)
    if text.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text.lower()]
    if _FLOAT.match(text) and any(c in text for c in ".eE"):
        return float(text)
    return text


def iter_paths(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every (key path, value) pair in plain data; handy for tests and hostile-input checks."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_paths(value, (*path, i))
