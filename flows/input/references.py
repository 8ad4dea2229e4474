"""Cross-references inside a model: dangling ids, duplicate ids, bad assertions, derivation cycles.

Part of validation (`validate` runs these after the schema check). Every problem is located at the
offending key or value and names the element, with a "did you mean" hint when one is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, cast

from pydantic import BaseModel

from flows.input import schema
from flows.input.errors import KeyPath, Problem, did_you_mean, one_line, quote
from flows.input.problem_cap import MAX_PROBLEMS
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
    "controls": ("control", schema.ControlDoc),
    "story": ("story step", schema.StepDoc),
    "accepted": ("accepted finding", schema.AcceptedDoc),
}


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
    if len(path) >= 2 and path[0] == "translations":
        return _translation_name(path)
    return "model"


def _translation_name(path: KeyPath) -> str:
    """ "translation 'de', node 'phone'" for a path inside `translations:`."""
    name = f"translation {quote(path[1])}"
    if len(path) >= 4 and path[2] == "story" and isinstance(path[3], int):
        return f"{name}, story step {path[3] + 1}"
    if len(path) >= 4 and str(path[2]) in SECTIONS:
        return f"{name}, {SECTIONS[str(path[2])][0]} {quote(path[3])}"
    return name


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
    ("controls", "offered_by", "parties", "party"),
    ("controls", "flows", "flows", "flow"),
    ("controls", "nodes", "nodes", "node"),
    ("controls", "stops", "flows", "flow"),
    ("controls", "does_not_stop", "flows", "flow"),
)
_SOURCED = ("parties", "nodes", "data", "flows", "audiences", "accounts", "controls")


def reference_problems(doc: RawDocument) -> Iterator[Problem]:
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
        (s, "account", "accounts", "account")
        for s in ("parties", "nodes", "data", "flows", "audiences", "controls")
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
    yield from _control_problems(doc, elements)
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


def _control_problems(doc: RawDocument, elements: Elements) -> Iterator[Problem]:
    """A control must act on something, and cannot both stop a flow and leave it running."""
    for i, item in elements["controls"]:
        owner = element_name(doc.data, ("controls", i))
        named = [_as_list(item.get(key)) for key in ("flows", "nodes", "stops", "does_not_stop")]
        if not any(named):
            yield doc.problem(
                ("controls", i),
                f"{owner}: says nothing about what it acts on",
                key=True,
                hint="add 'stops: [flow ids]', or 'flows:' / 'nodes:' it acts on",
            )
        stops = {ref for ref in named[2] if isinstance(ref, str)}
        for j, ref in enumerate(named[3]):
            if isinstance(ref, str) and ref in stops:
                yield doc.problem(
                    ("controls", i, "does_not_stop", j),
                    f"{owner}: flow {quote(ref)} is listed under both 'stops' and 'does_not_stop'",
                    hint="keep it in one of the two lists",
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
