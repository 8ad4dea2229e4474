"""The story of an imported Meta export: from your store visits to the ads, in steps a workshop can follow.

Helper of `flows.input.importers.meta`. Steps name the businesses involved (the first few, then a count) and
show their nodes and flows; very long exports show the first `STEP_LIMIT` of each in a step, so that a
step stays something a person can look at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flows.input.importers._meta_shapes import Business

NAMES_IN_TEXT = 8
STEP_LIMIT = 200


def _names(businesses: Sequence[Business]) -> str:
    shown = [b.name for b in businesses[:NAMES_IN_TEXT]]
    more = len(businesses) - len(shown)
    text = (
        ", ".join(shown[:-1]) + (" and " if len(shown) > 1 and not more else ", " if more else "") + shown[-1]
    )
    return text + (f" and {more} more" if more else "")


def _step(title: str, narration: str, nodes: list[str], flows: list[str]) -> dict[str, Any]:
    return {"title": title, "narration": narration, "nodes": nodes[:STEP_LIMIT], "flows": flows[:STEP_LIMIT]}


def _pick(
    businesses: Sequence[Business], ids: dict[int, str], test: Callable[[Business], bool]
) -> list[tuple[Business, str]]:
    return [(b, ids[i]) for i, b in enumerate(businesses) if test(b)]


def story_steps(
    businesses: Sequence[Business],
    ids: dict[int, str],
    used: set[str],
    store_visits: int,
    events: int,
    apps: str,
) -> list[dict[str, Any]]:
    """The steps, store visits first: that is the journey adflows exists to show."""
    stores = _pick(businesses, ids, lambda b: b.store_visit)
    lists = _pick(businesses, ids, lambda b: b.customer_list)
    activity = _pick(businesses, ids, lambda b: b.remarketing or bool(b.events))
    steps = [
        _step(
            "Your export",
            f"This picture is drawn from your own {apps} data export. It names {len(businesses)} businesses "
            "that have you in an advertising audience or sent Meta events about you.",
            ["person", "device"],
            ["you-use-device"],
        )
    ]
    if stores:
        steps.append(
            _step(
                "Your store visits",
                f"{store_visits} business{'es' if store_visits != 1 else ''} built an audience from your "
                f"visits to their physical stores: {_names([b for b, _ in stores])}. Your export does not "
                "say how the visit reached Meta: Meta's apps with location services on, or the business "
                "sending its in-store records.",
                ["person", *(f"{i}-stores" for _, i in stores)],
                [f for _, i in stores for f in (f"{i}-visit", f"{i}-store-audience")],
            )
        )
    else:
        steps.append(
            _step(
                "Your store visits",
                "No business in your export built an audience from your visits to its stores.",
                ["person"],
                [],
            )
        )
    if lists:
        steps.append(
            _step(
                "Customer lists",
                f"{len(lists)} business{'es' if len(lists) != 1 else ''} uploaded a list of customers, "
                f"such as emails or phone numbers, that matched you: {_names([b for b, _ in lists])}.",
                [i for _, i in lists],
                [f for _, i in lists for f in (f"{i}-customer", f"{i}-customer-list")],
            )
        )
    if activity:
        steps.append(
            _step(
                "Your activity on their websites and apps",
                f"{len(activity)} business{'es' if len(activity) != 1 else ''} used what you did on their "
                f"websites or apps: {_names([b for b, _ in activity])}. Meta received {events} events "
                "from them.",
                ["device", *(i for _, i in activity)],
                [f"{i}-activity" for _, i in activity],
            )
        )
    into_ads = [
        n
        for n in (
            "audience-store-visits",
            "audience-customer-lists",
            "audience-site-app",
            "off-meta-activity",
        )
        if n in used
    ]
    steps.append(
        _step(
            "Meta's ads system",
            "The audiences and the events meet in Meta's ads system, which chooses the ads you see.",
            [*into_ads, "meta-ads"],
            [f"{n}-to-ads" for n in into_ads],
        )
    )
    steps.append(
        _step(
            "The ads, back to you",
            "An advertiser whose audience includes you can show you its ads in your Facebook and "
            "Instagram feeds.",
            ["ads", "device", "person"],
            ["meta-ads-choose", "ads-to-you"],
        )
    )
    return steps
