"""Wording of YAML-level problems (encoding, control characters, syntax, tags) as located `Problem`s.

Part of the loader (`flows.input.yamldoc`): PyYAML's own messages hide the cause (a tab reads "found character
that cannot start any token"), point at 0-based marks, or span two lines; these say what is wrong, where,
and what to do.
"""

from __future__ import annotations

import yaml

from flows.input.errors import Problem

# libyaml's parser where PyYAML was built with it (much faster); only its event stream is used.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def encoding_problem(data: bytes, start: int, filename: str) -> Problem:
    """Point at the first byte that is not UTF-8, by line and column (counted in bytes)."""
    line = data.count(b"\n", 0, start) + 1
    col = start - (data.rfind(b"\n", 0, start) + 1) + 1
    message = f"the file is not UTF-8 text: byte 0x{data[start]:02x} cannot be read"
    return Problem(filename, line, col, message, (), "save the file as UTF-8")


def character_problem(exc: yaml.reader.ReaderError, filename: str, text: str) -> Problem:
    """A control character YAML refuses (NUL, ESC, U+001F...), at its line and column.

    PyYAML's own text spans two lines and names an internal '<unicode string>'. libyaml reports the
    position as a byte offset into the UTF-8 text, the pure-Python reader as a character index.
    """
    position = int(exc.position)
    if Loader is not yaml.SafeLoader:
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    before = text[:position]
    line = before.count("\n") + 1
    col = position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
    message = f"YAML syntax: the control character U+{code:04X} is not allowed in a YAML file"
    hint = f'delete it; to keep it in text, write it as "\\u{code:04x}" inside double quotes'
    return Problem(filename, line, col, message, (), hint)


def syntax_problem(exc: yaml.YAMLError, filename: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return character_problem(exc, filename, text)
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


def show_tag(tag: object) -> str:
    """'!!python/object/apply:os.system' as the author wrote it, not PyYAML's expanded form."""
    text, prefix = str(tag), "tag:yaml.org,2002:"
    return "!!" + text[len(prefix) :] if text.startswith(prefix) else text
