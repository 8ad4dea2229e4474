"""Control characters are refused in every text of a model, at load time, each at its line and column.

YAML's reader already refuses most raw control characters, but a double-quoted string can still spell
one as an escape (`"\\u0001"`), and JSON allows them escaped too. A name holding U+0001 used to load,
and then the SVG, GraphML and GEXF exports were not well-formed XML (XML 1.0 forbids C0 controls but
tab, line feed and carriage return), and a terminal printing it could be driven by escape sequences.
Refused too: DEL and the C1 controls, lone surrogates (not encodable as UTF-8) and U+FFFE/U+FFFF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flows.input.errors import KeyPath, Problem, one_line

if TYPE_CHECKING:
    from flows.input.yamldoc import RawDocument

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def may_hold_control(text: str) -> bool:
    """Whether parsed values could hold a control character: an escape, or one written raw.

    One scan in C of the whole text, so a clean model (nearly all of them) skips the walk below.
    """
    return "\\" in text or CONTROL.search(text) is not None


def control_problems(doc: RawDocument) -> Iterator[Problem]:
    """A located problem for each key or text value of `doc.data` that holds a control character."""
    stack: list[tuple[KeyPath, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                child = (*path, key)
                if isinstance(key, str) and CONTROL.search(key):
                    yield _problem(doc, child, key, key=True)
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and CONTROL.search(value):
            yield _problem(doc, path, value, key=False)


def _problem(doc: RawDocument, path: KeyPath, text: str, *, key: bool) -> Problem:
    found = CONTROL.search(text)
    code = f"U+{ord(found.group()):04X}" if found else "?"
    where = "key" if key else "text"
    shown = one_line(text)
    return doc.problem(
        path,
        f"the {where} '{shown}' holds the control character {code}, which no page or export can show",
        key=key,
        hint="remove it; write a line break as a real line break in a block (|) text",
    )
