"""Check a RawDocument against the schema and its own cross-references: RawDocument -> ModelDoc.

Second step of the input stage. Every problem is collected (schema errors from pydantic here, dangling
or duplicate references from `references`) and reported together, each at the line and column of the
offending key or value, naming the element and the bad value, with a "did you mean" hint when one is cheap.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from flows.input import schema
from flows.input.control_chars import control_problems
from flows.input.errors import KeyPath, ModelError, Problem, did_you_mean, one_line, quote
from flows.input.problem_cap import MAX_PROBLEMS, take_problems
from flows.input.references import SECTIONS, element_name, reference_problems
from flows.input.translations import extra_key_problem, translation_class, translation_problems
from flows.input.yamldoc import RawDocument

_SUB_MODELS: dict[str, type[BaseModel]] = {"asserts": schema.AssertionDoc}
_FIELD_NAMES = frozenset(
    name
    for cls in (schema.ModelDoc, *(c for _, c in SECTIONS.values()), *_SUB_MODELS.values())
    for name in cls.model_fields  # type: ignore[attr-defined]
)


def validate(doc: RawDocument) -> dict[str, Any]:
    """Return the checked document as plain data (what `ModelDoc.model_dump()` would give), or raise
    ModelError listing every problem found."""
    if not isinstance(doc.data, dict):
        message = f"a model must be a mapping of keys such as 'id', 'title', 'nodes', not {_what(doc.data)}"
        raise ModelError(
            [
                doc.problem((), message, hint="start the file with 'format: adflows/1'"),
                *doc.problems,
            ],
            doc.more_problems,
        )
    typed, schema_problems, schema_more = _typed(doc)
    # The first MAX_PROBLEMS found, in stage order; the rest are only counted (`flows.input.problem_cap`).
    controls = control_problems(doc) if doc.may_hold_controls else ()
    problems, more = take_problems(
        chain(doc.problems, controls, schema_problems, reference_problems(doc), translation_problems(doc))
    )
    if problems or typed is None:
        raise ModelError(problems, doc.more_problems + schema_more + more)
    return typed


def _typed(doc: RawDocument) -> tuple[dict[str, Any] | None, list[Problem], int]:
    """The checked document, or its first MAX_PROBLEMS problems and how many more there are.

    Valid input goes through the fast plain-data validator only (it is most of the cost on a large
    model); anything it refuses is validated again by `ModelDoc`, which decides: it also accepts ids
    padded with spaces, and its errors are the ones the messages are written for.
    """
    try:
        return schema.plain_validator().validate_python(doc.data), [], 0
    except ValidationError:
        pass
    try:
        return schema.ModelDoc.model_validate(doc.data).model_dump(), [], 0
    except ValidationError as exc:
        room = max(MAX_PROBLEMS - len(doc.problems), 0)
        errors, more = _first_errors(exc, doc.data, room)
        seen: set[tuple[KeyPath, str]] = set()
        problems: list[Problem] = []
        for error in errors:
            problem = _describe(doc, error)
            if (problem.path, problem.message) not in seen:
                seen.add((problem.path, problem.message))
                problems.append(problem)
        return None, problems, more


def _first_errors(exc: ValidationError, data: Any, room: int) -> tuple[list[Any], int]:
    """pydantic's first `room` errors as dicts, and how many more it found.

    `exc.errors()` builds a dict per error: 1.4 GB and 6 s for the 1.5 million errors of a 3 MB file
    of `sources: [1, 1, ...]`. Past the cap only the count is needed (`error_count()`, kept in Rust),
    and the first errors are those of a copy cut to `room` items per list: errors come in document
    order, and an item with something wrong gives at least one error, so the cut keeps the first ones.
    """
    total = exc.error_count()
    if total <= room:
        return exc.errors(include_url=False), 0
    try:
        schema.ModelDoc.model_validate(_cut(data, room))
        first: list[Any] = []  # cannot happen (the cut keeps the first errors); counted below anyway
    except ValidationError as cut:
        first = cut.errors(include_url=False)[:room]
    return first, total - len(first)


def _cut(data: Any, room: int) -> Any:
    """`data` with every list cut to `room` items and every oversized mapping to `room` keys (plus
    those the schema knows, so no required key goes missing)."""
    if isinstance(data, list):
        return [_cut(item, room) for item in data[:room]]
    if isinstance(data, dict):
        items = list(data.items())
        if len(items) > room:
            items = items[:room] + [(k, v) for k, v in items[room:] if k in _FIELD_NAMES]
        return {key: _cut(value, room) for key, value in items}
    return data


def _real_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """Keep the part of pydantic's location that indexes into the data (drops union tags)."""
    path: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]
        else:
            if isinstance(data, dict) and isinstance(part, str) and path[-1:] != [part]:
                path.append(part)  # a missing or extra key: keep it for the message
            break
        path.append(part)
    return tuple(path)


def _model_class(path: KeyPath) -> type[BaseModel] | None:
    """The pydantic class whose fields live at `path` (for listing allowed keys)."""
    if len(path) <= 1:
        return schema.ModelDoc
    if path[0] == "translations":
        return translation_class(path)
    cls = SECTIONS.get(str(path[0]), (None, None))[1]
    for part in path[2:]:
        if isinstance(part, str) and part in _SUB_MODELS:
            cls = _SUB_MODELS[part]
    return cls


def _describe(doc: RawDocument, error: Any) -> Problem:
    path = _real_path(doc.data, tuple(error["loc"]))
    owner = element_name(doc.data, path)
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
    kind = error["type"]
    if kind == "extra_forbidden" and path[:1] == ("translations",):
        return extra_key_problem(doc, path, owner)
    if kind == "extra_forbidden":
        cls = _model_class(path[:-1])
        allowed = sorted(cls.model_fields) if cls else []
        hint = did_you_mean(field, allowed) or f"allowed keys: {', '.join(allowed)}"
        return doc.problem(path, f"{owner}: unknown key {quote(field)}", key=True, hint=hint)
    if kind == "missing":
        return doc.problem(path[:-1], f"{owner}: missing required key {quote(field)}", key=True)
    value = error.get("input")
    shown = _show(value)
    if kind == "literal_error":
        choices = [str(c) for c in _literal_choices(path)]
        hint = did_you_mean(str(value), choices) or f"use one of: {', '.join(choices)}"
        return doc.problem(path, f"{owner}: {field} {shown} is not allowed", hint=hint)
    if kind == "string_pattern_mismatch":
        return doc.problem(path, f"{owner}: {field} {shown} has the wrong form", hint=_pattern_hint(field))
    subject = f"{owner}: {field}"
    if len(path) == 2 and path[0] in SECTIONS:  # a whole element of the wrong type
        subject = owner
    elif path and isinstance(path[-1], int):  # a list item of the wrong type: name it by position
        subject = f"{owner}: {field} item {path[-1] + 1}"
    ctx = error.get("ctx") or {}
    if kind == "string_too_short" and (ctx.get("min_length") or 0) > 1 and str(value).strip():
        # Not empty, just short (a justification needs 10 characters): saying "empty" would confuse.
        return doc.problem(
            path,
            f"{subject} is shorter than {ctx['min_length']} characters",
            hint="say a little more",
        )
    if value is None or kind == "string_too_short":
        return doc.problem(path, f"{subject} is empty", hint=_empty_hint(path, field))
    if kind in _EXPECTED:
        expected, default_hint = _EXPECTED[kind]
        return doc.problem(
            path,
            f"{subject} must be {expected}, not {_what(value)}",
            hint=_type_hint(expected, value) or default_hint,
        )
    if kind == "string_too_long":
        return doc.problem(
            path,
            f"{owner}: {field} is longer than {ctx.get('max_length'):,} characters",
            hint="shorten it; put detail in 'description'",
        )
    if kind == "too_short":
        return doc.problem(
            path,
            f"{owner}: {field} needs at least {ctx.get('min_length')} item",
            hint="list at least one id",
        )
    return doc.problem(path, f"{owner}: {field} {shown}: {error['msg']}")


def _empty_hint(path: KeyPath, field: str) -> str:
    cls = _model_class(path[:-1]) if path else None
    info = cls.model_fields.get(field) if cls else None
    if info is not None and not info.is_required():
        return "write a value after the colon, or remove the key"
    return "write a value after the colon; this key is required"


# pydantic error type -> (what the field must be, default hint)
_EXPECTED: dict[str, tuple[str, str | None]] = {
    "string_type": ("text", None),
    "list_type": ("a list", None),
    "int_type": ("a whole number", None),
    "int_parsing": ("a whole number", None),
    "int_from_float": ("a whole number", None),
    "bool_type": ("true or false", None),
    "bool_parsing": ("true or false", None),
    "model_type": ("a mapping of keys", "write 'key: value' lines, indented under the '-'"),
    "model_attributes_type": (
        "a mapping of keys",
        "write 'key: value' lines, indented under the '-'",
    ),
    "dict_type": ("a mapping of keys", "write 'key: value' lines"),
}


def _type_hint(expected: str, value: Any) -> str | None:
    """How to fix the commonest type slips: unquoted numbers, lists for text, a bare id for a list."""
    if expected == "text" and isinstance(value, (bool, int, float)):
        return f'put it in quotes: "{_yaml_text(value)}"'
    if expected == "text" and isinstance(value, list):
        return "write one value here, not a list"
    if expected == "text" and isinstance(value, dict):
        return "check the indentation of the lines below; quote text that holds ': '"
    if expected == "a list" and isinstance(value, str):
        shown = one_line(value)  # author text: keep the hint on one line
        return f"write it as [{shown}], or one '- {shown}' line per item"
    return None


def _yaml_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _show(value: Any) -> str:
    """A bad value as the author wrote it: 'mac', 5, true, or the kind of thing for lists/mappings."""
    if isinstance(value, (dict, list)):
        return "(a mapping)" if isinstance(value, dict) else "(a list)"
    if isinstance(value, bool) or value is None:
        return "true" if value else "false" if value is not None else "(empty)"
    return quote(value) if isinstance(value, str) else repr(value)


def _what(value: Any) -> str:
    """'the text 'mac'', 'the number 5', 'a list' — for 'must be X, not Y' messages."""
    if isinstance(value, bool):
        return f"{_yaml_text(value)} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    return "a mapping" if isinstance(value, dict) else "a list"


def _pattern_hint(field: str) -> str:
    if field == "date":
        return "write dates as YYYY, YYYY-MM or YYYY-MM-DD, like 2018-09-24"
    if field == "url":
        return "links must start with http:// or https://, with no spaces, quotes or <>{}|\\^` in them"
    if field == "language":
        return "write a language code such as en, de, fr, ar or pt-BR"
    if field == "finding":
        return "write it as rule-id@subject-id"
    return "ids are kebab-case: lower-case letters, digits and '-', like 'fitting-room-sensor'"


def _literal_choices(path: KeyPath) -> tuple[Any, ...]:
    cls = _model_class(path[:-1]) if path else None
    field = next((p for p in reversed(path) if isinstance(p, str)), None)
    info = cls.model_fields.get(field) if cls and field else None
    if info is None:
        return ()
    for arg in (info.annotation, *get_args(info.annotation)):
        for inner in (arg, *get_args(arg)):
            choices = get_args(inner)
            if choices and all(isinstance(c, str) for c in choices):
                return choices
    return ()
