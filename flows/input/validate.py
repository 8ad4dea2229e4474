"""Check a RawDocument against the schema and its own cross-references: RawDocument -> ModelDoc.

Second stage of the pipeline. Every problem is collected (schema errors from pydantic and dangling or
duplicate references found here) and reported together, each at the line and column of the offending key
or value, naming the element and the bad value, with a "did you mean" hint when one is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, cast, get_args

from pydantic import BaseModel, ValidationError

from flows.input import schema
from flows.input.control_chars import control_problems
from flows.input.errors import KeyPath, ModelError, Problem, did_you_mean, one_line, quote
from flows.input.problem_cap import MAX_PROBLEMS, take_problems
from flows.input.yamldoc import RawDocument

# Section name -> (singular word for messages, pydantic class of one element).
SECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "sources": ("source", schema.SourceDoc),
    "parties": ("party", schema.PartyDoc),
    "nodes": ("node", schema.NodeDoc),
    "data": ("data item", schema.DataItemDoc),
    "flows": ("flow", schema.FlowDoc),
    "claims": ("claim", schema.ClaimDoc),
    "audiences": ("audience", schema.AudienceDoc),
    "accounts": ("account", schema.AccountDoc),
    "story": ("story step", schema.StepDoc),
    "accepted": ("accepted finding", schema.AcceptedDoc),
}
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
    problems, more = take_problems(chain(doc.problems, controls, schema_problems, _reference_problems(doc)))
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


def element_name(data: Any, path: KeyPath) -> str:
    """'flow 'probe-capture'' for a path inside a listed element; the key path otherwise."""
    if len(path) >= 2 and path[0] in SECTIONS and isinstance(path[1], int):
        word = SECTIONS[str(path[0])][0]
        item = data.get(path[0])[path[1]] if isinstance(data.get(path[0]), list) else None
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return f"{word} {quote(item['id'])}"
        if isinstance(item, dict) and isinstance(item.get("title"), str):
            return f"{word} {quote(item['title'])}"
        return f"{word} #{path[1] + 1}"
    return "model"


def _model_class(path: KeyPath) -> type[BaseModel] | None:
    """The pydantic class whose fields live at `path` (for listing allowed keys)."""
    if len(path) <= 1:
        return schema.ModelDoc
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


# ---- cross-references -------------------------------------------------------------------------


Elements = dict[str, list[tuple[int, dict[str, Any]]]]


def _all_elements(data: dict[str, Any]) -> Elements:
    """Each section's (index, mapping) pairs, listed once: every check below walks them again."""
    found: Elements = {}
    for section in SECTIONS:
        items = data.get(section)
        if not isinstance(items, list):
            found[section] = []
        elif set(map(type, items)) <= {dict}:  # the usual case, listed in C
            found[section] = list(enumerate(items))
        else:
            found[section] = [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]
    return found


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


# (section, key, target section, word for the target)
_REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("nodes", "party", "parties", "party"),
    ("nodes", "within", "nodes", "place"),
    ("nodes", "holds", "data", "data item"),
    ("data", "derived_from", "data", "data item"),
    ("flows", "source", "nodes", "source"),
    ("flows", "target", "nodes", "target"),
    ("flows", "data", "data", "data item"),
    ("claims", "party", "parties", "party"),
    ("claims", "source", "sources", "source"),
    ("audiences", "node", "nodes", "node"),
    ("audiences", "based_on", "data", "data item"),
    ("story", "nodes", "nodes", "node"),
    ("story", "flows", "flows", "flow"),
)
_SOURCED = ("parties", "nodes", "data", "flows", "audiences", "accounts")


def _reference_problems(doc: RawDocument) -> Iterator[Problem]:
    """Dangling and duplicate references, in a fixed order (check by check, element by element).

    Written for speed on valid models, where nothing is found: each check is one tight loop over a
    section listed once, against a set of ids built once, and messages are only composed on a miss.
    """
    data = doc.data
    elements = _all_elements(data)
    ids = {section: _ids(items) for section, items in elements.items()}
    known = {section: set(values) for section, values in ids.items()}
    yield from _duplicate_ids(doc, {s: items for s, items in elements.items() if len(known[s]) < len(ids[s])})
    checks: list[tuple[str, str, str, str]] = list(_REFERENCES)
    checks += [(s, "sources", "sources", "source") for s in _SOURCED]
    checks += [
        (s, "account", "accounts", "account") for s in ("parties", "nodes", "data", "flows", "audiences")
    ]
    found = 0  # a "did you mean" hint costs a fuzzy search over every id: only for the problems shown
    for section, key, target, word in checks:
        targets = known[target]
        if _all_known(elements[section], key, targets):
            continue
        for i, item in elements[section]:
            value = item.get(key)
            refs = (
                [(None, value)]
                if isinstance(value, str)
                else enumerate(value)
                if isinstance(value, list)
                else ()
            )
            for j, ref in refs:
                if isinstance(ref, str) and ref not in targets:
                    path = (section, i, key) if j is None else (section, i, key, j)
                    choices = ids[target] if found < MAX_PROBLEMS else None
                    found += 1
                    yield _unknown(doc, path, word, ref, target, choices)
    yield from _assertion_problems(doc, elements, known["data"], ids["data"])
    yield from _kind_problems(doc, elements)
    yield from _derivation_problems(doc, elements)


def _ids(items: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """The text ids of a section's elements, in order (non-text ids are left to the schema)."""
    values = list(map(dict.get, map(itemgetter(1), items), repeat("id")))
    if set(map(type, values)) <= {str}:
        return cast("list[str]", values)
    return [value for value in values if isinstance(value, str)]


def _all_known(items: list[tuple[int, dict[str, Any]]], key: str, targets: set[str]) -> bool:
    """Whether every reference under `key` is absent or a known id, so the exact check below finds nothing.

    The common case on a valid model, answered without a Python-level loop: the values are gathered,
    deduplicated and looked up in C. Anything unusual (a wrong type, a mix of text and lists, an
    unhashable item, an unknown id) answers False and goes through the exact, slower check.
    """
    values = list(map(dict.get, map(itemgetter(1), items), repeat(key)))
    try:
        found = set(values)  # text references; a list among them raises
    except TypeError:
        if set(map(type, values)) - {list, type(None)}:
            return False
        try:
            found = set(chain.from_iterable(filter(None, values)))
        except TypeError:  # an unhashable list item
            return False
    found.discard(None)
    return found <= targets  # the ids are all text: a non-text value is never among them


def _unknown(
    doc: RawDocument, path: KeyPath, word: str, ref: str, target: str, choices: list[str] | None
) -> Problem:
    """A dangling reference; `choices` None means past the cap (no hint: it would not be shown)."""
    if choices is None:
        return doc.problem(path, f"unknown {word} {quote(ref)}")
    hint = did_you_mean(ref, choices) or (f"add it under '{target}'" if not choices else None)
    owner = element_name(doc.data, path[:2])
    return doc.problem(path, f"{owner}: unknown {word} {quote(ref)}", hint=hint)


def _duplicate_ids(doc: RawDocument, elements: Elements) -> Iterator[Problem]:
    for section, items in elements.items():
        seen: dict[str, int] = {}
        for i, item in items:
            value = item.get("id")
            if not isinstance(value, str):
                continue
            if value in seen:
                word = SECTIONS[section][0]
                first = doc.locate((section, seen[value], "id"))
                yield doc.problem(
                    (section, i, "id"),
                    f"{word} id {quote(value)} is used twice (first at line {first.line})",
                    hint="give each element its own id",
                )
            else:
                seen[value] = i


def _assertion_problems(
    doc: RawDocument, elements: Elements, known: set[str], choices: list[str]
) -> Iterator[Problem]:
    for i, claim in elements["claims"]:
        for j, assertion in enumerate(
            _as_list(claim.get("asserts")) if isinstance(claim.get("asserts"), list) else []
        ):
            if not isinstance(assertion, dict):
                continue
            base: KeyPath = ("claims", i, "asserts", j)
            owner = element_name(doc.data, ("claims", i))
            for k, ref in enumerate(_as_list(assertion.get("data"))):
                if isinstance(ref, str) and ref not in known:
                    yield doc.problem(
                        (*base, "data", k),
                        f"{owner}: unknown data item {quote(ref)}",
                        hint=did_you_mean(ref, choices),
                    )
            if assertion.get("kind") == "min-group-size" and not isinstance(assertion.get("value"), int):
                yield doc.problem(
                    base,
                    f"{owner}: a 'min-group-size' assertion needs a whole-number 'value'",
                    key=True,
                )
            if assertion.get("kind") == "identifiers-anonymised" and not assertion.get("data"):
                yield doc.problem(
                    base,
                    f"{owner}: an 'identifiers-anonymised' assertion must name the data it is about",
                    key=True,
                    hint="add data: [the id of the hashed or truncated identifier]",
                )


# (section, key, required node kind): references that must point at a node of one kind.
_KIND_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("nodes", "within", "place"),
    ("audiences", "node", "audience"),
)


def _kind_problems(doc: RawDocument, elements: Elements) -> Iterator[Problem]:
    """A sensor sits `within` a place, and an audience lives on an audience node."""
    kinds = {item["id"]: item.get("kind") for _, item in elements["nodes"] if isinstance(item.get("id"), str)}
    for section, key, wanted in _KIND_REFERENCES:
        for i, item in elements[section]:
            ref = item.get(key)
            if isinstance(ref, str) and ref in kinds and kinds[ref] != wanted:
                owner = element_name(doc.data, (section, i))
                yield doc.problem(
                    (section, i, key),
                    f"{owner}: {key} {quote(ref)} is a node of kind {quote(kinds[ref])}, not '{wanted}'",
                    hint=f"point it at a node of kind {wanted}",
                )


def _derivation_problems(doc: RawDocument, elements: Elements) -> Iterator[Problem]:
    """A transform needs inputs, inputs need a transform, and nothing may derive from itself."""
    parents: dict[str, list[str]] = {}
    for i, item in elements["data"]:
        owner = element_name(doc.data, ("data", i))
        derived = [r for r in _as_list(item.get("derived_from")) if isinstance(r, str)]
        transform = item.get("transform")
        if derived and transform in (None, "none"):
            yield doc.problem(
                ("data", i, "derived_from"),
                f"{owner}: 'derived_from' needs a 'transform'",
                key=True,
                hint="say how it is made: hash, truncate, aggregate, match, infer, enrich",
            )
        if transform not in (None, "none") and not derived:
            yield doc.problem(
                ("data", i, "transform"),
                f"{owner}: 'transform' needs 'derived_from'",
                key=True,
                hint="list the data items it is made from",
            )
        if isinstance(item.get("id"), str):
            parents[item["id"]] = derived
    for cycle in _find_cycles(parents):
        index = next(i for i, item in elements["data"] if item.get("id") == cycle[0])
        loop = " -> ".join(one_line(part) for part in cycle)
        yield doc.problem(
            ("data", index, "derived_from"),
            f"data item {quote(cycle[0])} is derived from itself: {loop}",
            key=True,
            hint="an item cannot be made from its own output; remove one 'derived_from' link",
        )


def _find_cycles(parents: dict[str, list[str]]) -> Iterable[tuple[str, ...]]:
    """Each derivation cycle once, as ids from its first-sorted member back to it (iterative DFS)."""
    state: dict[str, int] = {}
    found: dict[str, tuple[str, ...]] = {}
    for start in sorted(parents):
        if state.get(start):
            continue
        stack = [(start, iter(parents.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                path = [n for n, _ in stack]
                loop = path[path.index(child) :]
                first = loop.index(min(loop))  # rotate so the same cycle always reads the same way
                loop = loop[first:] + loop[:first]
                found.setdefault(loop[0], (*loop, loop[0]))
            elif not state.get(child) and child in parents:
                state[child] = 1
                stack.append((child, iter(parents.get(child, ()))))
    return [found[key] for key in sorted(found)]
