"""A tiny builder for test models: write a few lines in code, get valid YAML text or a loaded Model.

The text goes through the real loader (JSON is YAML), so every factory model is also a valid model.
`store_model()` is the usual starting point: a phone seen by a sensor in a store, turned into an
audience, matched by a social network and shown an ad; each test adds or changes what it needs.
"""

from __future__ import annotations

import json
from typing import Any

from flows.input.load import load_model
from flows.input.model import Model


class ModelBuilder:
    def __init__(self, model_id: str = "factory") -> None:
        self.doc: dict[str, Any] = {
            "format": "adflows/1",
            "id": model_id,
            "title": "Factory model",
            "summary": "Built in code for a test.",
            "sources": [{"id": "src", "title": "Invented for tests", "evidence": "assumption"}],
        }

    def _add(self, section: str, item: dict[str, Any]) -> ModelBuilder:
        self.doc.setdefault(section, []).append({k: v for k, v in item.items() if v is not None})
        return self

    def party(self, party_id: str, kind: str = "other", **fields: Any) -> ModelBuilder:
        return self._add("parties", {"id": party_id, "name": party_id.title(), "kind": kind, **fields})

    def node(self, node_id: str, kind: str, party: str, **fields: Any) -> ModelBuilder:
        item = {"id": node_id, "name": node_id.replace("-", " ").capitalize(), "kind": kind, "party": party}
        return self._add("nodes", {**item, "sources": ["src"], **fields})

    def item(self, item_id: str, kind: str = "identifier", **fields: Any) -> ModelBuilder:
        name = item_id.replace("-", " ").capitalize()
        return self._add("data", {"id": item_id, "name": name, "kind": kind, "sources": ["src"], **fields})

    def flow(self, flow_id: str, source: str, target: str, data: list[str], **fields: Any) -> ModelBuilder:
        item = {"id": flow_id, "source": source, "target": target, "data": data}
        return self._add("flows", {**item, "sources": ["src"], **fields})

    def claim(
        self, claim_id: str, party: str, *asserts: dict[str, Any], quote: str = "Trust us."
    ) -> ModelBuilder:
        item = {"id": claim_id, "party": party, "quote": quote, "source": "src", "asserts": list(asserts)}
        return self._add("claims", item)

    def audience(self, audience_id: str, node: str, based_on: list[str]) -> ModelBuilder:
        item = {"id": audience_id, "name": audience_id, "rule": "Devices seen in the store.", "node": node}
        return self._add("audiences", {**item, "based_on": based_on, "sources": ["src"]})

    def control(self, control_id: str, kind: str, used_by: str, **fields: Any) -> ModelBuilder:
        item = {"id": control_id, "name": control_id.replace("-", " ").capitalize(), "kind": kind}
        return self._add("controls", {**item, "used_by": used_by, "sources": ["src"], **fields})

    def accept(self, finding: str, justification: str = "Accepted for this test model.") -> ModelBuilder:
        return self._add("accepted", {"finding": finding, "justification": justification})

    def without_flow(self, flow_id: str) -> ModelBuilder:
        self.doc["flows"] = [f for f in self.doc.get("flows", []) if f["id"] != flow_id]
        return self

    def change_flow(self, flow_id: str, **fields: Any) -> ModelBuilder:
        for flow in self.doc.get("flows", []):
            if flow["id"] == flow_id:
                flow.update(fields)
        return self

    def change_item(self, item_id: str, **fields: Any) -> ModelBuilder:
        for item in self.doc.get("data", []):
            if item["id"] == item_id:
                item.update(fields)
        return self

    def yaml(self) -> str:
        return json.dumps(self.doc, indent=1) + "\n"

    def build(self) -> Model:
        return load_model(self.yaml(), filename=f"{self.doc['id']}.yaml")


def store_model() -> ModelBuilder:
    """Phone -> sensor in a store -> vendor platform -> audience -> social network -> ad -> phone."""
    return (
        ModelBuilder()
        .party("shopper", "person")
        .party("vendor", "sensor-vendor")
        .party("social", "social-network")
        .party("shop", "retailer")
        .node("shopper", "person", "shopper")
        .node("phone", "device", "shopper", holds=["mac", "ad-id"])
        .node("store", "place", "shop")
        .node("sensor", "sensor", "vendor", within="store")
        .node("platform", "platform", "vendor")
        .node("visitors", "audience", "vendor")
        .node("social-ads", "platform", "social")
        .node("social-app", "app", "social")
        .node("ad", "ad", "shop")
        .item("mac", persistence="persistent")
        .item("ad-id", persistence="resettable")
        .item("hashed-mac", persistence="persistent", derived_from=["mac"], transform="hash")
        .item("visit", "event")
        .item("creative", "attribute", personal=False)
        .flow("probe", "phone", "sensor", ["mac"], notice="none", consent="none")
        .flow("sighting", "sensor", "platform", ["hashed-mac", "visit"], retention="30 days")
        .flow("app-reads-id", "phone", "social-app", ["ad-id"], notice="os-prompt", consent="opt-in")
        .flow("app-to-social", "social-app", "social-ads", ["ad-id"], retention="90 days")
        .flow(
            "sdk-id",
            "phone",
            "platform",
            ["ad-id"],
            notice="in-app-prompt",
            consent="opt-in",
            retention="30 days",
        )
        .flow("segment", "platform", "visitors", ["ad-id", "visit"], retention="30 days")
        .flow("upload", "visitors", "social-ads", ["ad-id"], retention="30 days")
        .flow("target", "social-ads", "ad", ["ad-id"])
        .flow("deliver", "ad", "social-app", ["creative"])
        .flow("show", "social-app", "shopper", ["creative"])
    )
