"""Hypothesis strategies for fuzzing the loader and the renderer with hostile models.

Two families:

* `yamlish_texts()` / `yamlish_bytes()`: arbitrary text built from YAML's sharp edges (tabs, quotes,
  brackets, anchors and aliases, tags, directives, BOMs, NULs, line separators, very long lines).
* `valid_model_dicts()`: models that obey every rule of `flows/input/schema.py` and `flows/input/validate.py`,
  with hostile free text; `mutated_model_texts()` breaks them in one to four places (a deleted or
  unknown key, a swapped type, a dangling reference, a duplicate id, deep nesting, an alias, a
  self-containing list), dumps them, then optionally damages the text itself.

Generated valid models go through `dump_model`, which quotes every string the loader would otherwise
read as a number, boolean or null (YAML 1.2 core schema), so "valid" means valid after a round trip.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import strategies as st

from flows.input import schema
from flows.input.control_chars import CONTROL
from flows.input.yamldoc import iter_paths, resolve_plain

# ---- strings -------------------------------------------------------------------------------------

# Markers the render test looks for in the page: none may ever appear there raw.
RAW_MARKERS: tuple[str, ...] = ("<img src=x", "</script><", "<svg onload", "<!--<script")
HOSTILE_STRINGS: tuple[str, ...] = (
    "</script><img src=x onerror=alert(1)>",
    '<img src=x onerror="document.body.dataset.pwned=1">',
    "</script><script>document.body.dataset.pwned=1</script>",
    '"><svg onload=alert(1)>',
    "<!--<script>alert(1)</script>",
    "</SCRIPT ><img src=x onerror=alert(1)>",
    "line\u2028break\u2029';alert(1)//",
    "\u202eRTL override\u200f mark\u200e",
    "{{ 7*7 }} ${7*7} {% raw %}",
    "&lt;b&gt; &amp; &#60;script&#62;",
    "\\u003cscript\\u003e",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "\ufeffBOM inside",
    "nul\x00byte and \x07 bell and \x1b escape",
    "tab\there\r\nand crlf",
    "🙂 emoji \U0001d518\U0001d52b\U0001d526 \ufdfd",  # fraktur letters, a ligature
    "no",
    "null",
    "0o17",
    "1e5",
    ".nan",
    "<<",
)
LONG_STRING = "long " + "x" * 10_000  # fits Text (20,000) but not ShortText (300)

# Any code point a str can hold, except surrogates and the control characters models refuse
# (`flows.input.control_chars`: C0 but tab, line feed and carriage return; DEL and C1; U+FFFE, U+FFFF).
_REFUSED = "".join(c for c in map(chr, range(0x10000)) if CONTROL.match(c))
_chars = st.characters(exclude_categories=("Cs",), exclude_characters=_REFUSED)
plain_text = st.text(_chars, max_size=40)
# Hostile text a valid model may hold: control characters make a model invalid (they are in the
# damaged models below instead).
HOSTILE_VALID_STRINGS = tuple(text for text in HOSTILE_STRINGS if not CONTROL.search(text))
free_text = st.one_of(
    plain_text,
    st.sampled_from(HOSTILE_VALID_STRINGS),
    st.tuples(st.sampled_from(HOSTILE_VALID_STRINGS), plain_text).map(" ".join),
    st.just(LONG_STRING),
)


def _short(text: str) -> str:
    """`text` cut to fit ShortText (1..300 characters once whitespace is stripped)."""
    text = text[:290]
    return text if text.strip() else "t" + text


short_text = free_text.map(_short)
_SLUG_START = "abcdefghijklmnopqrstuvwxyz0123456789"
slugs = st.builds(str.__add__, st.sampled_from(_SLUG_START), st.text(_SLUG_START + "-", max_size=20))
long_slug = st.builds(
    str.__add__, st.sampled_from(_SLUG_START), st.text(_SLUG_START + "-", min_size=60, max_size=79)
)
ids = st.one_of(slugs, long_slug)


def _unique_ids(n_min: int, n_max: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ids, min_size=n_min, max_size=n_max, unique=True)


def _args(literal: Any) -> list[str]:
    from typing import get_args

    return list(get_args(literal))


EVIDENCE = _args(schema.Evidence)
PARTY_KINDS = _args(schema.PartyKind)
NODE_KINDS = _args(schema.NodeKind)
DATA_KINDS = _args(schema.DataKind)
TRANSFORMS = [t for t in _args(schema.Transform) if t != "none"]
PERSISTENCE = _args(schema.Persistence)
NOTICES = _args(schema.Notice)
CONSENTS = _args(schema.Consent)
LEGAL_BASES = _args(schema.LegalBasis)
ASSERTION_KINDS = _args(schema.AssertionKind)


# ---- valid models ----------------------------------------------------------------------------------


def _maybe(draw: Any, target: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


def _subset(draw: Any, pool: list[str], min_size: int = 0) -> list[str]:
    if not pool:
        return []
    return draw(st.lists(st.sampled_from(pool), min_size=min_size, max_size=3, unique=True))


def _sourced(draw: Any, item: dict[str, Any], source_ids: list[str], account_ids: list[str]) -> None:
    """The fields every sourced element shares."""
    if source_ids and draw(st.booleans()):
        item["sources"] = _subset(draw, source_ids)
    _maybe(draw, item, "assumption", free_text)
    if account_ids and draw(st.booleans()):
        item["account"] = draw(st.sampled_from(account_ids))


@st.composite
def _sources(draw: Any, source_ids: list[str]) -> list[dict[str, Any]]:
    result = []
    for sid in source_ids:
        item: dict[str, Any] = {
            "id": sid,
            "title": draw(short_text),
            "evidence": draw(st.sampled_from(EVIDENCE)),
        }
        _maybe(draw, item, "publisher", short_text)
        _maybe(draw, item, "author", short_text)
        _maybe(draw, item, "date", st.sampled_from(["2018", "2018-09", "2018-09-24", "0000-99-99"]))
        _maybe(
            draw, item, "url", st.sampled_from(["https://example.org/a?b=1&c=%3Cx%3E", "http://x.y/\u202e"])
        )
        _maybe(draw, item, "note", free_text)
        result.append(item)
    return result


@st.composite
def _data_items(draw: Any, data_ids: list[str], sids: list[str], aids: list[str]) -> list[dict[str, Any]]:
    result = []
    for i, did in enumerate(data_ids):
        item: dict[str, Any] = {
            "id": did,
            "name": draw(short_text),
            "kind": draw(st.sampled_from(DATA_KINDS)),
        }
        _maybe(draw, item, "description", free_text)
        _maybe(draw, item, "persistence", st.sampled_from(PERSISTENCE))
        _maybe(draw, item, "personal", st.booleans())
        _maybe(draw, item, "sensitive", st.booleans())
        earlier = data_ids[:i]  # deriving only from earlier items keeps the graph acyclic
        if earlier and draw(st.booleans()):
            item["derived_from"] = _subset(draw, earlier, min_size=1)
            item["transform"] = draw(st.sampled_from(TRANSFORMS))
        elif draw(st.booleans()):
            item["transform"] = "none"
        _sourced(draw, item, sids, aids)
        result.append(item)
    return result


@st.composite
def valid_model_dicts(draw: Any, max_items: int = 4) -> dict[str, Any]:
    """A model that must load: every reference resolves and every constraint holds."""
    source_ids = draw(_unique_ids(0, 3))
    account_ids = draw(_unique_ids(0, 2)) if source_ids else []
    party_ids = draw(_unique_ids(1, 3))
    node_ids = draw(_unique_ids(1, max_items))
    data_ids = draw(_unique_ids(1, max_items))
    flow_ids = draw(_unique_ids(0, max_items + 1))
    model: dict[str, Any] = {
        "format": "adflows/1",
        "id": draw(ids),
        "title": draw(short_text),
        "summary": draw(free_text),
    }
    _maybe(draw, model, "description", free_text)
    model["sources"] = draw(_sources(source_ids))
    sids, aids = source_ids, account_ids
    parties = []
    for pid in party_ids:
        party = {"id": pid, "name": draw(short_text), "kind": draw(st.sampled_from(PARTY_KINDS))}
        _maybe(draw, party, "description", free_text)
        _sourced(draw, party, sids, aids)
        parties.append(party)
    model["parties"] = parties
    model["data"] = draw(_data_items(data_ids, sids, aids))
    kinds = {nid: draw(st.sampled_from(NODE_KINDS)) for nid in node_ids}
    places = [nid for nid, kind in kinds.items() if kind == "place"]
    nodes = []
    for nid in node_ids:
        node: dict[str, Any] = {
            "id": nid,
            "name": draw(short_text),
            "kind": kinds[nid],
            "party": draw(st.sampled_from(party_ids)),
        }
        _maybe(draw, node, "description", free_text)
        if places and draw(st.booleans()):
            node["within"] = draw(st.sampled_from(places))  # may be itself, or form a loop of places
        if draw(st.booleans()):
            node["holds"] = _subset(draw, data_ids)
        _sourced(draw, node, sids, aids)
        nodes.append(node)
    model["nodes"] = nodes
    flows = []
    for fid in flow_ids:
        flow: dict[str, Any] = {
            "id": fid,
            "source": draw(st.sampled_from(node_ids)),
            "target": draw(st.sampled_from(node_ids)),
            "data": _subset(draw, data_ids, min_size=1),
        }
        _maybe(draw, flow, "channel", short_text)
        _maybe(draw, flow, "purpose", free_text)
        _maybe(draw, flow, "notice", st.sampled_from(NOTICES))
        _maybe(draw, flow, "consent", st.sampled_from(CONSENTS))
        _maybe(draw, flow, "legal_basis", st.sampled_from(LEGAL_BASES))
        _maybe(draw, flow, "retention", short_text)
        _maybe(draw, flow, "description", free_text)
        _sourced(draw, flow, sids, aids)
        flows.append(flow)
    model["flows"] = flows
    model["claims"] = draw(_claims(party_ids, source_ids, data_ids))
    audience_nodes = [nid for nid, kind in kinds.items() if kind == "audience"]
    audiences = []
    for aid in draw(_unique_ids(0, 2)):
        audience: dict[str, Any] = {"id": aid, "name": draw(short_text), "rule": draw(free_text)}
        if audience_nodes and draw(st.booleans()):
            audience["node"] = draw(st.sampled_from(audience_nodes))
        if draw(st.booleans()):
            audience["based_on"] = _subset(draw, data_ids)
        _sourced(draw, audience, sids, aids)
        audiences.append(audience)
    model["audiences"] = audiences
    model["accounts"] = [
        {"id": aid, "title": draw(short_text), "summary": draw(free_text), "sources": _subset(draw, sids, 1)}
        for aid in account_ids
    ]
    model["story"] = [
        {
            "title": draw(short_text),
            "narration": draw(free_text),
            "nodes": _subset(draw, node_ids),
            "flows": _subset(draw, flow_ids),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    model["accepted"] = [
        {"finding": f"{draw(slugs)}@{draw(slugs)}", "justification": "because of " + draw(short_text)}
        for _ in range(draw(st.integers(0, 2)))
    ]
    if draw(st.booleans()):
        model["translations"] = draw(_translations(model))
    # Optional sections may be left out altogether.
    for section in ("sources", "claims", "audiences", "accounts", "story", "accepted"):
        if not model[section] and draw(st.booleans()):
            del model[section]
    return model


LANGUAGES = ("de", "ar", "pt-BR", "fr", "he")
# Per section of a translation, the texts drawn for its fields (names and titles are short texts).
_TRANSLATED: dict[str, dict[str, st.SearchStrategy[str]]] = {
    "parties": {"name": short_text, "description": free_text, "assumption": free_text},
    "nodes": {"name": short_text, "description": free_text, "assumption": free_text},
    "data": {"name": short_text, "description": free_text, "assumption": free_text},
    "flows": {"purpose": free_text, "channel": short_text, "retention": short_text, "description": free_text},
    "audiences": {"name": short_text, "rule": free_text},
    "accounts": {"title": short_text, "summary": free_text},
    "claims": {"note": free_text},
    "sources": {"note": free_text},
}


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


@st.composite
def _translations(draw: Any, model: dict[str, Any]) -> dict[str, Any]:
    """A `translations:` block that must load: per language, some of the texts the model has (hostile
    ones too), by id and, for the story, by position; whatever is left out falls back."""
    block: dict[str, Any] = {}
    for code in draw(st.lists(st.sampled_from(LANGUAGES), max_size=2, unique=True)):
        entry: dict[str, Any] = {}
        for field in ("title", "summary", "description"):
            if _filled(model.get(field)) and draw(st.booleans()):
                entry[field] = draw(short_text if field == "title" else free_text)
        for section, fields in _TRANSLATED.items():
            texts = {}
            for item in model.get(section, []):
                chosen = {
                    f: draw(s) for f, s in fields.items() if _filled(item.get(f)) and draw(st.booleans())
                }
                if chosen:
                    texts[item["id"]] = chosen
            if texts:
                entry[section] = texts
        steps = model.get("story", [])
        entry["story"] = []
        for step in steps[: draw(st.integers(0, len(steps)))]:
            story_fields = {"title": short_text, "narration": free_text}
            entry["story"].append({f: draw(s) for f, s in story_fields.items() if _filled(step.get(f))})
        block[code] = entry
    return block


@st.composite
def _claims(draw: Any, party_ids: list[str], source_ids: list[str], data_ids: list[str]) -> list[Any]:
    if not source_ids:
        return []
    claims = []
    for cid in draw(_unique_ids(0, 2)):
        asserts = []
        for kind in draw(st.lists(st.sampled_from(ASSERTION_KINDS), max_size=3)):
            assertion: dict[str, Any] = {"kind": kind}
            if kind == "min-group-size" or draw(st.booleans()):
                assertion["value"] = draw(st.integers(-(2**70), 2**70))
            if kind == "identifiers-anonymised" or draw(st.booleans()):
                assertion["data"] = _subset(draw, data_ids, min_size=1)
            _maybe(draw, assertion, "text", free_text)
            asserts.append(assertion)
        claim = {
            "id": cid,
            "party": draw(st.sampled_from(party_ids)),
            "quote": draw(free_text),
            "source": draw(st.sampled_from(source_ids)),
            "asserts": asserts,
        }
        _maybe(draw, claim, "note", free_text)
        claims.append(claim)
    return claims


# ---- dumping ---------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Quotes strings our YAML 1.2 loader would read as something else ('0o17', '1e5', 'null')."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    resolved = resolve_plain(value)
    style = None if isinstance(resolved, str) and resolved == value else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_model(data: Any, *, flow_style: bool | None = False) -> str:
    """YAML text for `data`; shared mutable objects come out as anchors and aliases."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow_style, width=100
    )


# ---- mutations -------------------------------------------------------------------------------------

REFERENCE_KEYS = ("source", "target", "party", "within", "node", "account", "data", "holds", "sources")
SWAP_VALUES: tuple[Any, ...] = ("text", 5, -1, 1.5, True, False, None, [], {}, ["a", 1], {"k": "v"}, "")
UNKNOWN_KEYS = ("hold", "nme", "x", "id ", "Id", "<<", "</script>", "\u202eid", "", "null", "1")


def _containers(data: Any) -> list[tuple[tuple[Any, ...], Any]]:
    return [(p, v) for p, v in iter_paths(data) if isinstance(v, (dict, list))]


def _parent_and_key(data: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    return parent, path[-1]


def _nested(depth: int, leaf: Any) -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


@st.composite
def _mutate_once(draw: Any, data: dict[str, Any]) -> None:
    """Break `data` in place in one way."""
    kind = draw(
        st.sampled_from(
            [
                "delete",
                "unknown",
                "swap",
                "dangle",
                "duplicate",
                "hostile",
                "nest",
                "alias",
            ]
        )
    )
    leaves = [(p, v) for p, v in iter_paths(data) if p]
    if not leaves:  # everything deleted already
        return
    if kind == "delete":
        dicts = [(p, v) for p, v in _containers(data) if isinstance(v, dict) and v]
        _, target = draw(st.sampled_from(dicts))
        del target[draw(st.sampled_from(sorted(target)))]
    elif kind == "unknown":
        dicts = [v for _, v in _containers(data) if isinstance(v, dict)]
        draw(st.sampled_from(dicts))[draw(st.sampled_from(UNKNOWN_KEYS))] = draw(free_text)
    elif kind in ("swap", "hostile", "nest"):
        path, _ = draw(st.sampled_from(leaves))
        parent, key = _parent_and_key(data, path)
        if kind == "swap":
            parent[key] = copy.deepcopy(draw(st.sampled_from(SWAP_VALUES)))
        elif kind == "hostile":
            parent[key] = draw(st.one_of(st.sampled_from(HOSTILE_STRINGS), st.just(LONG_STRING), free_text))
        else:
            parent[key] = _nested(draw(st.integers(1, 120)), parent[key])
    elif kind == "dangle":
        refs = [(p, v) for p, v in leaves if any(k in REFERENCE_KEYS for k in p if isinstance(k, str))]
        refs = [(p, v) for p, v in refs if isinstance(v, str)] or leaves
        path, value = draw(st.sampled_from(refs))
        parent, key = _parent_and_key(data, path)
        parent[key] = draw(st.sampled_from([f"{value}x", str(value)[:-1] or "z", "nowhere", "Bad_Id"]))
    elif kind == "duplicate":
        sections = [
            s
            for s in ("parties", "nodes", "data", "flows", "sources")
            if isinstance(data.get(s), list) and data[s]
        ]
        if sections:
            items = data[draw(st.sampled_from(sections))]
            items.append(copy.deepcopy(draw(st.sampled_from(items))))
    elif kind == "alias":
        containers = _containers(data)
        _, shared = draw(st.sampled_from(containers))
        path, _ = draw(st.sampled_from(leaves))
        parent, key = _parent_and_key(data, path)
        if not any(v is parent for _, v in iter_paths(shared)):  # no cycle: that is "self" below
            parent[key] = shared  # the same object twice: dumped as &id001 ... *id001


@st.composite
def _contain_itself(draw: Any, data: dict[str, Any]) -> None:
    """A list or mapping that contains itself, dumped as `&id001 [*id001]` (last: it has no end)."""
    _, target = draw(st.sampled_from(_containers(data)))
    if isinstance(target, list):
        target.append(target)
    else:
        target["self"] = target


TEXT_TOKENS: tuple[str, ...] = (
    "\t",
    "  ",
    "\n",
    "\r\n",
    "\r",
    ":",
    ": ",
    "- ",
    "? ",
    ",",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "|",
    ">",
    "|-\n",
    "\\",
    "@",
    "`",
    "%",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "*undefined",
    "<<: *a\n",
    "!!x ",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!!int ",
    "!!binary ",
    "!custom ",
    "! ",
    "!<tag:yaml.org,2002:str> ",
    "---",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "%YAML 1.1\n---\n",
    "%TAG !e! tag:example.com,2000:\n",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\u2029",
    "\x7f",
    "\ud7ff",
    "\U0010ffff",
    "null",
    "~",
    "true",
    "no",
    "0x1F",
    "0o17",
    "1e5",
    ".inf",
    ".nan",
    "-.inf",
    "1.5",
    "2018-09-24",
    "<script>",
    "</script>",
    "format: adflows/1\n",
    "id: x\n",
    "nodes:\n",
    "  - id: y\n",
    "a" * 5_000,
    " " * 300,
)


@st.composite
def _damage_text(draw: Any, text: str) -> str:
    """Damage YAML text: insert a token, duplicate, drop or cut a line."""
    lines = text.splitlines(keepends=True) or [""]
    kind = draw(st.sampled_from(["insert", "insert", "dup-line", "drop-line", "truncate"]))
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(TEXT_TOKENS)) + text[at:]
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "dup-line":
        return "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    if kind == "drop-line":
        return "".join(lines[:i] + lines[i + 1 :])
    return text[: draw(st.integers(0, len(text)))]


@st.composite
def mutated_model_texts(draw: Any) -> str:
    """A valid model broken in one to four places, then dumped (and maybe damaged as text)."""
    data = copy.deepcopy(draw(valid_model_dicts()))
    for _ in range(draw(st.integers(1, 4))):
        draw(_mutate_once(data))
    if draw(st.integers(0, 9)) == 0:
        draw(_contain_itself(data))
    text = dump_model(data, flow_style=draw(st.sampled_from([False, None, True])))
    for _ in range(draw(st.integers(0, 2))):
        text = draw(_damage_text(text))
    return text


@st.composite
def valid_model_texts(draw: Any) -> str:
    return dump_model(draw(valid_model_dicts()), flow_style=draw(st.sampled_from([False, None])))


# ---- arbitrary YAML-ish text -------------------------------------------------------------------------

_fragment = st.one_of(
    st.sampled_from(TEXT_TOKENS),
    st.text(_chars, max_size=8),
    st.text(st.sampled_from("abcxyz-_:0123456789 \n"), max_size=12),
)
yamlish_texts = st.lists(_fragment, max_size=40).map("".join)


@st.composite
def yamlish_bytes(draw: Any) -> bytes:
    """Text as an upload would send it: UTF-8, sometimes with stray bytes or another encoding."""
    text = draw(st.one_of(yamlish_texts, mutated_model_texts()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data
