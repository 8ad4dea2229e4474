"""The vendors of a TCF vendor list as model data: one party, one platform node and its flows each.

Helpers of `flows.input.importers.gvl`, which builds the rest of the model; the uses a vendor declares
(purposes, special purposes, features) are nodes shared by all vendors, described here by `USES`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from flows.input.importers._gvl_text import (
    TEXT_LIMIT,
    as_ids,
    clean_name,
    cookie_in_words,
    days_in_words,
    id_list,
)

# Node kind per purpose id, after the purposes fixed by the TCF Policies (v2.2, Appendix A): creating
# profiles makes an audience, selecting or delivering ads ends in an ad; every other use keeps data
# in a data set. Ids a future list adds fall back to "dataset".
PURPOSE_KINDS = {2: "ad", 3: "audience", 4: "ad", 5: "audience", 9: "audience"}
SPECIAL_PURPOSE_KINDS = {2: "ad"}
UNDECLARED = "data-undeclared"


class UseKind(NamedTuple):
    """One kind of use a vendor declares: its list key, node id prefix, label and node kind per id."""

    key: str
    prefix: str
    label: str
    kinds: Mapping[int, str]


USES = (
    UseKind("purposes", "purpose", "Purpose", PURPOSE_KINDS),
    UseKind("specialPurposes", "special-purpose", "Special purpose", SPECIAL_PURPOSE_KINDS),
    UseKind("features", "feature", "Feature", {}),
    UseKind("specialFeatures", "special-feature", "Special feature", {}),
)


@dataclass(frozen=True)
class Use:
    """One purpose, special purpose or feature defined by the list, as a node."""

    key: str
    number: int
    node_id: str
    name: str


def make_node(
    node_id: str, name: str, kind: str, party: str, source: str, description: str | None = None
) -> dict[str, Any]:
    """A node entry of the model, with the keys in the order the YAML shows them."""
    node: dict[str, Any] = {"id": node_id, "name": name, "kind": kind, "party": party}
    if description:
        node["description"] = description
    node["sources"] = [source]
    return node


def as_mapping(value: Any) -> Mapping[str, Any]:
    """A JSON object as it is; anything else (missing, null, a list) as an empty mapping."""
    return value if isinstance(value, Mapping) else {}


class Vendors:
    """Builds the parties, nodes and flows of the vendors, one vendor at a time."""

    def __init__(self, uses: dict[tuple[str, int], Use], categories: set[int], source: str) -> None:
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
            make_node(
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
        retention = as_mapping(vendor.get("dataRetention"))
        flexible = set(as_ids(vendor.get("flexiblePurposes")))
        used: dict[str, list[int]] = {}
        for kind in USES:
            wanted = consent | legint if kind.key == "purposes" else set(as_ids(vendor.get(kind.key)))
            used[kind.key] = self._declared(number, kind.key, wanted)
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
            self.skipped.append(f"vendor {number}: {key} {id_list(unknown)} not defined in the list")
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
        retention = as_mapping(vendor.get("dataRetention"))
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
            f"Consent purposes: {id_list(consent)}." if consent else None,
            f"Legitimate-interest purposes: {id_list(legint)}." if legint else None,
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
        use: Use,
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


def _basis(use: Use, consent: set[int], flexible: set[int]) -> tuple[str, str, str | None]:
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


def _vendor_text(number: int, vendor: Mapping[str, Any]) -> str:
    lines = [f"TCF vendor {number}."]
    raw_urls = vendor.get("urls")
    urls: list[Any] = raw_urls if isinstance(raw_urls, list) else []
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


def display_names(vendors: list[tuple[int, dict[str, Any]]]) -> dict[int, str]:
    """Vendor names for labels; a name several vendors share gets the vendor id after it."""
    names = {n: clean_name(v.get("name"), f"Vendor {n}") for n, v in vendors}
    counts = Counter(name.casefold() for name in names.values())
    return {
        n: clean_name(f"{name} (vendor {n})", name) if counts[name.casefold()] > 1 else name
        for n, name in names.items()
    }
