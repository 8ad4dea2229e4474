"""Building the model's pieces from an export's businesses: parties, nodes, flows, data, sources.

Helper of `flows.input.importers.meta`. Each business gets a party and a node; a store visit adds the
business's stores (a place) and the journey person -> store -> Meta's store-visit audiences; a customer
list adds person -> business -> customer-list audiences; site or app activity adds device -> business ->
activity audiences and the events Meta received. Meta-side nodes appear only when some flow reaches them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from flows.input.importers._meta_shapes import Business, ExportContents

SLUG_LIMIT = 50
APP_NAMES = {"facebook": "Facebook", "instagram": "Instagram"}
CUSTOMER_FILE_DOCS = "https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences"
OFFLINE_EVENTS_DOCS = (
    "https://developers.facebook.com/documentation/ads-commerce/conversions-api/offline-events"
)


def slug(text: str) -> str:
    """A kebab-case id part from a business name: accents folded, other scripts dropped, bounded."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_LIMIT].strip("-") or "business"


def business_ids(businesses: list[Business]) -> dict[int, str]:
    """`business-<slug>` for each business, unique, in name order (so the output is deterministic)."""
    taken: dict[str, int] = {}
    ids: dict[int, str] = {}
    for index, business in enumerate(businesses):
        base = f"business-{slug(business.name)}"
        taken[base] = taken.get(base, 0) + 1
        ids[index] = base if taken[base] == 1 else f"{base}-{taken[base]}"
    return ids


def _day(timestamp: int | None) -> str | None:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d") if timestamp is not None else None


def apps_in_words(apps: set[str]) -> str:
    return " and ".join(APP_NAMES.get(a, a) for a in sorted(apps))


def _events_in_words(business: Business) -> str:
    total = sum(business.events.values())
    kinds = ", ".join(
        f"{n} x {kind}" for kind, n in sorted(business.events.items(), key=lambda i: (-i[1], i[0]))
    )
    first, last = _day(business.first_seen), _day(business.last_seen)
    when = (
        f" between {first} and {last}"
        if first and last and first != last
        else f" on {first}"
        if first
        else ""
    )
    return f"Meta received {total} event{'s' if total != 1 else ''} from this business{when}: {kinds}."


def _business_text(business: Business) -> str:
    said = []
    if business.store_visit:
        said.append("built an audience from your visits to its physical stores")
    if business.customer_list:
        said.append("uploaded a customer list (such as emails or phone numbers) that matched you")
    if business.remarketing:
        said.append("built an audience from your activity on its website or app")
    lines = [
        f"In your export ({apps_in_words(business.apps)}): "
        + ("; ".join(said) if said else "sent Meta events")
        + "."
    ]
    if business.events:
        lines.append(_events_in_words(business))
    return "\n".join(lines)


_KIND_TEXT = {
    "retailer": "A business with stores, named in your export.",
    "brand": "An advertiser named in your export.",
    "other": "A business that sent Meta events about you, named in your export.",
}


class Builder:
    """Collects parties, nodes, data and flows; shared Meta-side nodes appear only when used."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources  # app -> source id
        self.parties: list[dict[str, Any]] = []
        self.nodes: list[dict[str, Any]] = []
        self.flows: list[dict[str, Any]] = []
        self.events: dict[str, str] = {}  # event type -> data item id
        self.used: set[str] = set()

    def cite(self, business: Business, *extra: str) -> list[str]:
        return sorted({self.sources[a] for a in business.apps} | set(extra))

    def flow(self, flow_id: str, source: str, target: str, data: list[str], **fields: Any) -> None:
        self.used.update((source, target))
        self.flows.append({"id": flow_id, "source": source, "target": target, "data": data, **fields})

    def event_item(self, kind: str) -> str:
        if kind not in self.events:
            base = f"event-{slug(kind.lower())}"
            taken = set(self.events.values())
            item_id, number = base, 1
            while item_id in taken:
                number += 1
                item_id = f"{base}-{number}"
            self.events[kind] = item_id
        return self.events[kind]

    def add(self, business: Business, bid: str) -> None:
        cite = self.cite(business)
        kind = (
            "retailer"
            if business.store_visit
            else "brand"
            if business.customer_list or business.remarketing
            else "other"
        )
        text = _business_text(business)
        self.parties.append(
            {"id": bid, "name": business.name, "kind": kind, "description": _KIND_TEXT[kind], "sources": cite}
        )
        self.nodes.append(
            {
                "id": bid,
                "name": business.name,
                "kind": "platform",
                "party": bid,
                "description": text,
                "sources": cite,
            }
        )
        if business.store_visit:
            self._store(business, bid)
        if business.customer_list:
            self._customer_list(business, bid)
        if business.remarketing or business.events:
            self._activity(business, bid)

    def _store(self, business: Business, bid: str) -> None:
        store = f"{bid}-stores"
        cite = self.cite(business)
        self.nodes.append(
            {
                "id": store,
                "name": f"{business.name}: its stores",
                "kind": "place",
                "party": bid,
                "sources": cite,
            }
        )
        self.flow(
            f"{bid}-visit", "person", store, ["store-visit"], channel="you walk into a store", sources=cite
        )
        self.flow(
            f"{bid}-store-audience",
            store,
            "audience-store-visits",
            ["store-visit"],
            purpose="an audience of people who visited the business's stores",
            sources=self.cite(business, "meta-offline-events"),
        )

    def _customer_list(self, business: Business, bid: str) -> None:
        self.flow(
            f"{bid}-customer",
            "person",
            bid,
            ["contact-details"],
            channel="as a customer",
            assumption="its list matched you, so it had your email or phone number; how is not in the export",
            sources=self.cite(business),
        )
        self.flow(
            f"{bid}-customer-list",
            bid,
            "audience-customer-lists",
            ["contact-details"],
            channel="customer list uploaded to Meta (hashed)",
            sources=self.cite(business, "meta-customer-file-audiences"),
        )

    def _activity(self, business: Business, bid: str) -> None:
        cite = self.cite(business)
        events = [self.event_item(kind) for kind in sorted(business.events)]
        self.flow(
            f"{bid}-activity",
            "device",
            bid,
            ["site-app-activity", *events],
            channel="you use its website or app",
            sources=cite,
        )
        if business.remarketing:
            self.flow(
                f"{bid}-remarketing",
                bid,
                "audience-site-app",
                ["site-app-activity"],
                purpose="an audience of people who used the business's website or app",
                sources=cite,
            )
        if business.events:
            self.flow(
                f"{bid}-events",
                bid,
                "off-meta-activity",
                events,
                channel="sent to Meta from its website or app",
                description=_events_in_words(business),
                sources=cite,
            )


# The Meta side: (id, name, kind, description). Each appears only when a flow reaches it.
META_NODES = (
    (
        "audience-store-visits",
        "Audiences from store visits",
        "audience",
        (
            "Advertisers' audiences of people who visited their stores. Your export says which businesses "
            "built one with you in it, not how the visit reached Meta: the location services of Meta's "
            "apps, or the business sending its in-store events to Meta."
        ),
    ),
    (
        "audience-customer-lists",
        "Audiences from customer lists",
        "audience",
        "Advertisers' audiences matched from uploaded lists of customers.",
    ),
    (
        "audience-site-app",
        "Audiences from website and app activity",
        "audience",
        "Advertisers' audiences of people who used their websites or apps.",
    ),
    (
        "off-meta-activity",
        "Your activity off Meta technologies",
        "dataset",
        "The events businesses sent Meta about you, as your export lists them.",
    ),
    ("meta-ads", "Meta's ads system", "platform", "Chooses which ads you see on Facebook and Instagram."),
    ("ads", "Ads in your feeds", "ad", "Ads shown to you on Facebook and Instagram."),
)
INTO_ADS = (
    ("audience-store-visits", "store-visit"),
    ("audience-customer-lists", "contact-details"),
    ("audience-site-app", "site-app-activity"),
    ("off-meta-activity", None),  # carries the event types
)


def data_items(events: dict[str, str], cite: list[str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "id": "store-visit",
            "name": "Your visit to a store",
            "kind": "event",
            "sensitive": False,
            "description": "That you were in one of the business's physical stores.",
            "sources": cite,
        },
        {
            "id": "contact-details",
            "name": "Your email address or phone number",
            "kind": "identifier",
            "persistence": "persistent",
            "description": "Uploaded hashed, so that Meta can match it to your account.",
            "sources": [*cite, "meta-customer-file-audiences"],
        },
        {
            "id": "site-app-activity",
            "name": "Your activity on its website or app",
            "kind": "event",
            "description": "Pages and screens you used, and what you did there.",
            "sources": cite,
        },
        {
            "id": "audience-membership",
            "name": "You are in the advertiser's audience",
            "kind": "inference",
            "description": "Lets the advertiser show ads to you, among the audience's members.",
            "sources": cite,
        },
    ]
    for kind, item_id in sorted(events.items(), key=lambda i: i[1]):
        items.append(
            {
                "id": item_id,
                "name": f"{kind} events",
                "kind": "event",
                "description": f"Events of type {kind} that businesses sent Meta about you.",
                "sources": cite,
            }
        )
    return items


def export_sources(contents: ExportContents) -> tuple[list[dict[str, Any]], dict[str, str]]:
    sources, ids = [], {}
    for app in sorted(contents.apps):
        ids[app] = f"{app}-export"
        listed = "; ".join(sorted({path for file_app, path in contents.files if file_app == app}))[:2000]
        sources.append(
            {
                "id": ids[app],
                "title": f"Your {APP_NAMES.get(app, app)} data export (Download Your Information)",
                "publisher": "Meta Platforms, made for you on request",
                "evidence": "documented",
                "note": f"Your own copy of what Meta holds about you; files read: {listed}.",
            }
        )
    sources.append(
        {
            "id": "meta-customer-file-audiences",
            "title": "Customer File Custom Audiences",
            "publisher": "Meta for Developers",
            "url": CUSTOMER_FILE_DOCS,
            "evidence": "documented",
            "note": "Advertisers upload hashed emails, phone numbers and other identifiers to match.",
        }
    )
    sources.append(
        {
            "id": "meta-offline-events",
            "title": "Sending Offline Events Using the Conversions API",
            "publisher": "Meta for Developers",
            "url": OFFLINE_EVENTS_DOCS,
            "evidence": "documented",
            "note": "Businesses can send Meta in-store events for measurement, attribution and targeting.",
        }
    )
    return sources, ids


def add_meta_side(builder: Builder, cite: list[str]) -> None:
    for node_id, source_data in INTO_ADS:
        if node_id in builder.used:
            data = (
                [source_data, "audience-membership"] if source_data else sorted(set(builder.events.values()))
            )
            builder.flow(
                f"{node_id}-to-ads",
                node_id,
                "meta-ads",
                data,
                purpose="choosing which ads to show you",
                sources=cite,
            )
    builder.flow("meta-ads-choose", "meta-ads", "ads", ["audience-membership"], sources=cite)
    builder.flow(
        "ads-to-you",
        "ads",
        "device",
        ["audience-membership"],
        channel="your Facebook and Instagram feeds",
        sources=cite,
    )
    for node_id, name, kind, description in META_NODES:
        if node_id in builder.used:
            builder.nodes.append(
                {
                    "id": node_id,
                    "name": name,
                    "kind": kind,
                    "party": "meta",
                    "description": description,
                    "sources": cite,
                }
            )
