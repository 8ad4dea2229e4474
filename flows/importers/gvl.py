"""Import IAB Europe's TCF Global Vendor List (format v3): vendor-list JSON -> model dict -> YAML.

Before the pipeline: the result is ordinary model YAML, checked by `load_model` like any other. The
mapping (vendors, purposes, features, data categories, legal bases, retention) is described in
`docs/importers.md`. Real lists are messy, so nothing here trusts a field's type: ids may be strings,
optional fields may be missing, cookie ages null or negative, names duplicated or padded with
invisible characters. Deleted vendors are left out and counted.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from flows.errors import ModelError, Problem
from flows.yamldoc import resolve_plain

GVL_URL = "https://vendor-list.consensu.org/v3/vendor-list.json"
PUBLISHER = "IAB Europe"
NAME_LIMIT = 300  # schema.ShortText
TEXT_LIMIT = 20_000  # schema.Text

# Node kind per purpose id, after the purposes fixed by the TCF Policies (v2.2, Appendix A): creating
# profiles makes an audience, selecting or delivering ads ends in an ad; every other use keeps data
# in a data set. Ids a future list adds fall back to "dataset".
PURPOSE_KINDS = {2: "ad", 3: "audience", 4: "ad", 5: "audience", 9: "audience"}
SPECIAL_PURPOSE_KINDS = {2: "ad"}
# Data category id -> data item kind (TCF v2.2 data categories; unknown ids are attributes).
CATEGORY_KINDS = {
    1: "identifier",
    3: "identifier",
    4: "identifier",
    5: "identifier",
    6: "event",
    10: "inference",
}
SENSITIVE_CATEGORIES = frozenset({9})  # precise location can reveal a home, a clinic, a place of worship
UNDECLARED = "data-undeclared"

# (list key, node id prefix, label, node kinds, special) for each kind of use a vendor declares.
USES = (
    ("purposes", "purpose", "Purpose", PURPOSE_KINDS),
    ("specialPurposes", "special-purpose", "Special purpose", SPECIAL_PURPOSE_KINDS),
    ("features", "feature", "Feature", {}),
    ("specialFeatures", "special-feature", "Special feature", {}),
)
_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class ImportResult:
    """The model as plain data, plus what the import left out and why."""

    model: dict[str, Any]
    vendors: int
    deleted: tuple[int, ...]
    skipped: tuple[str, ...]  # entries that could not be read, each with the reason

    def yaml(self) -> str:
        return dump_model_yaml(self.model)


def read_gvl(text: str | bytes, filename: str = "<vendor list>") -> dict[str, Any]:
    """Parse vendor-list JSON; raise ModelError (with line and column) when it is not a vendor list."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise ModelError(
            [
                Problem(
                    filename, 1, 1, f"the file is not UTF-8 text: {exc.reason}", (), "download the list again"
                )
            ]
        ) from None
    except json.JSONDecodeError as exc:
        raise ModelError(
            [
                Problem(
                    filename,
                    exc.lineno,
                    exc.colno,
                    f"not valid JSON: {exc.msg}",
                    (),
                    "is this the vendor-list.json file?",
                )
            ]
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("vendors"), (dict, list)):
        message = "not a TCF Global Vendor List: no 'vendors' mapping at the top level"
        raise ModelError([Problem(filename, 1, 1, message, (), f"download the list from {GVL_URL}")])
    return data


def as_int(value: Any) -> int | None:
    """An id or a number as the list may write it: 5, 5.0 or "5"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        return int(value)
    return None


def as_ids(value: Any) -> list[int]:
    """A list of ids, sorted and unique; tolerates string ids, a mapping keyed by id, or junk."""
    items: Iterable[Any] = (
        value.keys() if isinstance(value, Mapping) else value if isinstance(value, list) else ()
    )
    return sorted({i for i in map(as_int, items) if i is not None and i >= 0})


def entries(section: Any) -> list[tuple[int, dict[str, Any]]]:
    """(id, entry) pairs of a section keyed by id ({"1": {...}}) or listed ([{...}]), sorted by id."""
    pairs = section.items() if isinstance(section, Mapping) else enumerate(section or [])
    found: dict[int, dict[str, Any]] = {}
    for key, entry in pairs:
        if not isinstance(entry, Mapping):
            continue
        number = as_int(entry.get("id"))
        number = number if number is not None else as_int(key) if isinstance(section, Mapping) else None
        if number is not None and number >= 0 and number not in found:
            found[number] = dict(entry)
    return sorted(found.items())


def clean_name(value: Any, fallback: str) -> str:
    """One line of visible text: invisible characters removed, spaces collapsed, at most 300 chars."""
    text = _INVISIBLE.sub(" ", unicodedata.normalize("NFC", str(value))) if isinstance(value, str) else ""
    text = " ".join(text.split())
    if len(text) > NAME_LIMIT:
        text = text[: NAME_LIMIT - 1].rstrip() + "…"
    return text or fallback


def clean_text(value: Any) -> str | None:
    """Free text: kept with its line breaks, trimmed, bounded; None when empty or not text."""
    if not isinstance(value, str):
        return None
    lines = [" ".join(_INVISIBLE.sub(" ", line).split()) for line in value.strip().splitlines()]
    text = "\n".join(lines).strip()
    return text[:TEXT_LIMIT] or None


def days_in_words(days: Any) -> str:
    """'397 days (about 13 months)'; 'not declared' when the list gives no usable number."""
    number = as_int(days)
    if number is None or number < 0:
        return "not declared"
    if number == 0:
        return "0 days (not kept after the request)"
    if number >= 365 and number % 365 in (0, 1):  # 365 or 366 per year
        years = number // 365
        return f"{number} days ({years} year{'s' if years > 1 else ''})"
    if number >= 60:
        return f"{number} days (about {round(number / 30.44)} months)"
    return f"{number} day{'s' if number != 1 else ''}"


def cookie_in_words(vendor: Mapping[str, Any]) -> str:
    """The cookie lifetime a vendor declares, as the TCF defines `cookieMaxAgeSeconds`.

    A negative number or 0 means session storage (TCF "Device Storage Duration & Access Disclosure"
    specification, `cookieMaxAgeSeconds`); null means the vendor declared none.
    """
    if vendor.get("usesCookies") is False:
        return "no cookies"
    seconds = as_int(vendor.get("cookieMaxAgeSeconds"))
    if seconds is None:
        return "cookie lifetime unknown (not declared)"
    if seconds <= 0:
        return "session cookies only (a zero or negative cookie age means session storage in the TCF)"
    days = seconds / 86_400
    if days < 1:
        hours = max(1, round(seconds / 3600))
        return f"cookies up to {hours} hour{'s' if hours != 1 else ''}"
    refresh = ", refreshed on each visit" if vendor.get("cookieRefresh") is True else ""
    return f"cookies up to {days_in_words(round(days))}{refresh}"


@dataclass(frozen=True)
class _Use:
    """One purpose, special purpose or feature defined by the list, as a node."""

    key: str
    number: int
    node_id: str
    name: str


def _use_nodes(
    data: Mapping[str, Any], source: str
) -> tuple[list[dict[str, Any]], dict[tuple[str, int], _Use]]:
    nodes: list[dict[str, Any]] = []
    uses: dict[tuple[str, int], _Use] = {}
    for key, prefix, label, kinds in USES:
        for number, entry in entries(data.get(key)):
            name = clean_name(entry.get("name"), f"{label} {number}")
            use = _Use(key, number, f"{prefix}-{number}", clean_name(f"{label} {number}: {name}", name))
            uses[(key, number)] = use
            illustrations = [clean_text(i) for i in entry.get("illustrations") or [] if clean_text(i)]
            description = "\n\n".join(
                filter(
                    None, [clean_text(entry.get("description")), *(f"Example: {i}" for i in illustrations)]
                )
            )
            nodes.append(
                _node(
                    use.node_id,
                    use.name,
                    kinds.get(number, "dataset"),
                    "tcf-uses",
                    source,
                    description[:TEXT_LIMIT] or None,
                )
            )
    return nodes, uses


def _data_items(data: Mapping[str, Any], source: str) -> list[dict[str, Any]]:
    items = []
    for number, entry in entries(data.get("dataCategories")):
        item: dict[str, Any] = {
            "id": f"data-category-{number}",
            "name": clean_name(entry.get("name"), f"Data category {number}"),
            "kind": CATEGORY_KINDS.get(number, "attribute"),
            "description": clean_text(entry.get("description")),
            "sensitive": number in SENSITIVE_CATEGORIES,
            "sources": [source],
        }
        items.append({k: v for k, v in item.items() if v is not None})
    return items


def _node(
    node_id: str, name: str, kind: str, party: str, source: str, description: str | None = None
) -> dict[str, Any]:
    node: dict[str, Any] = {"id": node_id, "name": name, "kind": kind, "party": party}
    if description:
        node["description"] = description
    node["sources"] = [source]
    return node


def _source(data: Mapping[str, Any], version: int | None) -> dict[str, Any]:
    updated = data.get("lastUpdated") if isinstance(data.get("lastUpdated"), str) else ""
    date = updated[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", updated) else None
    facts = [
        f"vendorListVersion {version}" if version is not None else None,
        f"gvlSpecificationVersion {data.get('gvlSpecificationVersion')}"
        if "gvlSpecificationVersion" in data
        else None,
        f"tcfPolicyVersion {data.get('tcfPolicyVersion')}" if "tcfPolicyVersion" in data else None,
        f"lastUpdated {updated}" if updated else None,
    ]
    source: dict[str, Any] = {
        "id": f"tcf-gvl-v{version}" if version is not None else "tcf-gvl",
        "title": f"TCF Global Vendor List, version {version}"
        if version is not None
        else "TCF Global Vendor List",
        "publisher": PUBLISHER,
        "date": date,
        "url": GVL_URL,
        "evidence": "documented",
        "note": "; ".join(f for f in facts if f)
        + ". Each vendor's entry is its own declaration to IAB Europe.",
    }
    return {k: v for k, v in source.items() if v is not None}


class _Vendors:
    """Builds the parties, nodes and flows of the vendors, one vendor at a time."""

    def __init__(self, uses: dict[tuple[str, int], _Use], categories: set[int], source: str) -> None:
        self.uses = uses
        self.categories = categories
        self.source = source
        self.parties: list[dict[str, Any]] = []
        self.nodes: list[dict[str, Any]] = []
        self.flows: list[dict[str, Any]] = []
        self.undeclared = False
        self.skipped: list[str] = []

    def add(self, number: int, vendor: Mapping[str, Any], name: str) -> None:
        vendor_id = f"vendor-{number}"
        declared = [
            f"data-category-{c}" for c in as_ids(vendor.get("dataDeclaration")) if c in self.categories
        ]
        if not declared:
            self.undeclared = True
            declared = [UNDECLARED]
        self.parties.append(
            {
                "id": vendor_id,
                "name": name,
                "kind": "ad-tech",
                "description": _vendor_text(number, vendor),
                "sources": [self.source],
            }
        )
        self.nodes.append(
            _node(
                vendor_id,
                name,
                "platform",
                vendor_id,
                self.source,
                f"The systems of {name} (TCF vendor {number}).",
            )
        )
        # A purpose listed under both bases is read as consent, the stricter one.
        consent = set(as_ids(vendor.get("purposes")))
        legint = set(as_ids(vendor.get("legIntPurposes"))) - consent
        retention = vendor.get("dataRetention") if isinstance(vendor.get("dataRetention"), Mapping) else {}
        flexible = set(as_ids(vendor.get("flexiblePurposes")))
        used: dict[str, list[int]] = {}
        for key, _prefix, _label, _kinds in USES:
            used[key] = self._declared(
                number, key, consent | legint if key == "purposes" else set(as_ids(vendor.get(key)))
            )
        known = set(used["purposes"])
        self.flows.append(self._collect(vendor_id, vendor, declared, consent & known, legint & known))
        for key, numbers in used.items():
            for use_number in numbers:
                use = self.uses[(key, use_number)]
                self.flows.append(self._use_flow(vendor_id, use, declared, consent, flexible, retention))

    def _declared(self, number: int, key: str, wanted: set[int]) -> list[int]:
        """The declared ids the list defines; the rest are noted as not imported."""
        unknown = sorted(u for u in wanted if (key, u) not in self.uses)
        if unknown:
            self.skipped.append(f"vendor {number}: {key} {_numbers(unknown)} not defined in the list")
        return sorted(u for u in wanted if (key, u) in self.uses)

    def _collect(
        self,
        vendor_id: str,
        vendor: Mapping[str, Any],
        declared: list[str],
        consent: set[int],
        legint: set[int],
    ) -> dict[str, Any]:
        basis, asked = (
            ("consent", "opt-in")
            if consent
            else ("legitimate-interest", "opt-out")
            if legint
            else ("none-stated", "none")
        )
        retention = vendor.get("dataRetention") if isinstance(vendor.get("dataRetention"), Mapping) else {}
        kept = (
            f"data kept {days_in_words(retention.get('stdRetention'))}"
            if "stdRetention" in retention
            else "data retention per purpose"
        )
        channels = [
            c
            for c, on in (
                ("cookies", vendor.get("usesCookies")),
                ("other device storage or device identifiers", vendor.get("usesNonCookieAccess")),
            )
            if on is True
        ]
        parts = [
            f"Consent purposes: {_numbers(consent)}." if consent else None,
            f"Legitimate-interest purposes: {_numbers(legint)}." if legint else None,
            "Only special purposes and features are declared." if not (consent or legint) else None,
        ]
        return {
            "id": f"{vendor_id}-collects",
            "source": "device",
            "target": vendor_id,
            "data": declared,
            "channel": " and ".join(channels) if channels else "requests from websites and apps",
            "purpose": (
                "The purposes, special purposes and features the vendor declares (see its other flows)."
            ),
            "notice": "in-app-prompt",
            "consent": asked,
            "legal_basis": basis,
            "retention": clean_name(f"{cookie_in_words(vendor)}; {kept}", "not declared"),
            "description": " ".join(p for p in parts if p),
            "sources": [self.source],
        }

    def _use_flow(
        self,
        vendor_id: str,
        use: _Use,
        declared: list[str],
        consent: set[int],
        flexible: set[int],
        retention: Mapping[str, Any],
    ) -> dict[str, Any]:
        basis, asked, note = _basis(use, consent, flexible)
        per_use = retention.get(use.key) if use.key in ("purposes", "specialPurposes") else None
        days = per_use.get(str(use.number), per_use.get(use.number)) if isinstance(per_use, Mapping) else None
        days = days if days is not None else retention.get("stdRetention")
        flow: dict[str, Any] = {
            "id": f"{vendor_id}-{use.node_id}",
            "source": vendor_id,
            "target": use.node_id,
            "data": declared,
            "purpose": use.name,
            "notice": "in-app-prompt",
            "consent": asked,
            "legal_basis": basis,
        }
        if use.key in ("purposes", "specialPurposes"):
            flow["retention"] = days_in_words(days)
        if note:
            flow["description"] = note
        flow["sources"] = [self.source]
        return flow


def _basis(use: _Use, consent: set[int], flexible: set[int]) -> tuple[str, str, str | None]:
    """(legal_basis, consent, note) for one declared use, as the TCF Policies assign them."""
    if use.key == "purposes":
        basis = ("consent", "opt-in") if use.number in consent else ("legitimate-interest", "opt-out")
        note = None
        if use.number in flexible:
            other = "legitimate interest" if basis[0] == "consent" else "consent"
            note = (
                f"Flexible purpose: the vendor's default is {basis[0].replace('-', ' ')}; a publisher "
                f"may require {other} instead."
            )
        return (*basis, note)
    if use.key == "specialPurposes":
        return (
            "legitimate-interest",
            "none",
            "Special purpose: processed on legitimate interest; the TCF offers no way to object.",
        )
    if use.key == "specialFeatures":
        return ("consent", "opt-in", "Special feature: needs the person's separate opt-in.")
    return (
        "none-stated",
        "none",
        "Feature: a means of processing that serves the purposes; the TCF discloses it but offers no choice.",
    )


def _numbers(ids: Iterable[int]) -> str:
    return ", ".join(str(i) for i in sorted(ids))


def _vendor_text(number: int, vendor: Mapping[str, Any]) -> str:
    lines = [f"TCF vendor {number}."]
    urls = vendor.get("urls") if isinstance(vendor.get("urls"), list) else []
    first = next(
        (u for u in urls if isinstance(u, Mapping) and u.get("langId") == "en"), urls[0] if urls else None
    )
    if isinstance(first, Mapping):
        for key, label in (("privacy", "Privacy policy"), ("legIntClaim", "Legitimate-interest claim")):
            if isinstance(first.get(key), str) and first[key].startswith(("http://", "https://")):
                lines.append(f"{label}: {first[key].strip()}")
    if isinstance(vendor.get("deviceStorageDisclosureUrl"), str):
        lines.append(f"Device storage disclosure: {vendor['deviceStorageDisclosureUrl'].strip()}")
    return "\n".join(lines)[:TEXT_LIMIT]


def _display_names(vendors: list[tuple[int, dict[str, Any]]]) -> dict[int, str]:
    """Vendor names for labels; a name several vendors share gets the vendor id after it."""
    names = {n: clean_name(v.get("name"), f"Vendor {n}") for n, v in vendors}
    counts = Counter(name.casefold() for name in names.values())
    return {
        n: clean_name(f"{name} (vendor {n})", name) if counts[name.casefold()] > 1 else name
        for n, name in names.items()
    }


def import_gvl(
    data: Mapping[str, Any], *, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Turn a parsed vendor list into a model dict; `progress(done, total)` is called as vendors go."""
    version = as_int(data.get("vendorListVersion"))
    source = _source(data, version)
    use_nodes, uses = _use_nodes(data, source["id"])
    items = _data_items(data, source["id"])
    all_vendors = entries(data.get("vendors"))
    deleted = tuple(n for n, v in all_vendors if v.get("deletedDate"))
    live = [(n, v) for n, v in all_vendors if not v.get("deletedDate")]
    categories = {number for number, _ in entries(data.get("dataCategories"))}
    builder = _Vendors(uses, categories, source["id"])
    names = _display_names(live)
    for done, (number, vendor) in enumerate(live, 1):
        builder.add(number, vendor, names[number])
        if progress and (done % 50 == 0 or done == len(live)):
            progress(done, len(live))
    if builder.undeclared:
        items.append(
            {
                "id": UNDECLARED,
                "name": "Data not declared",
                "kind": "attribute",
                "description": "The vendor declares no data categories in this list.",
                "sources": [source["id"]],
            }
        )
    model = _model(data, source, version, len(live), deleted, builder.skipped)
    model["data"] = items
    model["parties"] = [*_base_parties(source["id"]), *builder.parties]
    model["nodes"] = [*_base_nodes(source["id"], items), *use_nodes, *builder.nodes]
    model["flows"] = [_uses_device(source["id"], items), *builder.flows]
    model["story"] = _story(len(live), [n["id"] for n in use_nodes])
    return ImportResult(model, len(live), deleted, tuple(builder.skipped))


def _model(
    data: Mapping[str, Any],
    source: dict[str, Any],
    version: int | None,
    vendors: int,
    deleted: tuple[int, ...],
    skipped: list[str],
) -> dict[str, Any]:
    when = f" ({source['date']})" if "date" in source else ""
    removed = f"{len(deleted)} deleted vendor{'s' if len(deleted) != 1 else ''} left out" + (
        f" (ids {_numbers(deleted)})" if deleted else ""
    )
    notes = [
        f"Imported from {source['title']}{when}, published by {PUBLISHER}, with `adflows import gvl`.",
        f"{vendors} vendors; {removed}.",
        *(f"Not imported: {s}." for s in skipped[:50]),
        (
            "Vendors are parties with one platform node each; purposes, special purposes and "
            "features are nodes of the shared party 'tcf-uses'; data categories are data items. "
            "See docs/importers.md for the mapping."
        ),
    ]
    return {
        "format": "adflows/1",
        "id": source["id"],
        "title": f"{source['title']}{when}",
        "summary": (
            f"Which data {vendors} ad-tech vendors may take from your device, and what for, as they "
            "declare it in IAB Europe's consent framework (TCF)."
        ),
        "description": "\n".join(notes)[:TEXT_LIMIT],
        "sources": [source],
    }


def _base_parties(source: str) -> list[dict[str, Any]]:
    return [
        {
            "id": "you",
            "name": "You",
            "kind": "person",
            "description": "The person using a website or app that shows a TCF consent dialog.",
            "sources": [source],
        },
        {
            "id": "tcf-uses",
            "name": "Uses defined by the TCF",
            "kind": "other",
            "description": (
                "Not an organisation: the purposes, special purposes and features that IAB Europe's "
                "framework defines and every vendor picks from."
            ),
            "sources": [source],
        },
    ]


def _base_nodes(source: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    device = _node(
        "device",
        "Your phone or computer",
        "device",
        "you",
        source,
        (
            "Where the vendors' cookies and identifiers live; every declared data category is read "
            "from it or made as you use it."
        ),
    )
    device["holds"] = [i["id"] for i in items if i["id"] != UNDECLARED]
    return [_node("person", "You", "person", "you", source), device]


def _uses_device(source: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "person-uses-device",
        "source": "person",
        "target": "device",
        "data": [i["id"] for i in items] or [UNDECLARED],
        "channel": "using websites and apps",
        "description": (
            "You browse and use apps; the data categories below are read from the device or made "
            "as you use it."
        ),
        "sources": [source],
    }


def _story(vendors: int, use_ids: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "title": "The consent dialog",
            "narration": (
                "You open a website or app that uses IAB Europe's Transparency and Consent Framework. "
                f"Its dialog asks about {vendors} vendors."
            ),
            "nodes": ["person", "device"],
        },
        {
            "title": "The vendors",
            "narration": (
                "Each vendor declares which data categories it takes from your device, on which legal "
                "basis, and how long it keeps them. Click a vendor to see its flows."
            ),
            "nodes": ["device"],
        },
        {
            "title": "What the data is used for",
            "narration": (
                "Every vendor links to the purposes and features it declares: building profiles, "
                "choosing ads, measuring them."
            ),
            "nodes": use_ids,
        },
    ]


# ---- YAML output --------------------------------------------------------------------------------

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ModelDumper(_Dumper):  # type: ignore[misc, valid-type]
    """Safe dumper whose plain strings read back as the same strings under our YAML 1.2 loader.

    No anchors or aliases: flows share their lists of data ids, and the loader caps aliases.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML already quotes what YAML 1.1 would read as non-text ('no', '2023-09-07'); also quote
    # what our YAML 1.2 loader would (e.g. '1e3', '0o17'). Multi-line text becomes a literal block.
    style = "'" if not isinstance(resolve_plain(value), str) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # Lists of ids read best on one line: `data: [data-category-1, data-category-3]`.
    short = all(isinstance(v, str) and len(v) <= 80 and "\n" not in v for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_ModelDumper.add_representer(str, _represent_str)
_ModelDumper.add_representer(list, _represent_list)


IMPORT_HEADER = "# Generated by `adflows import gvl`; re-run the import rather than editing by hand.\n"


def dump_model_yaml(model: Mapping[str, Any], header: str = IMPORT_HEADER) -> str:
    """Model dict -> YAML text, in the dict's order, with non-ASCII text kept as written."""
    return header + yaml.dump(
        dict(model), Dumper=_ModelDumper, sort_keys=False, allow_unicode=True, width=100
    )
