"""Rules about what parties can put together: offline-to-online joins and sensitive inferences.

Analysis stage; reads the joins and known items computed by `flows.knowledge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flows._facts import unique
from flows.model import Model
from flows.rules.base import Finding, Rule, RuleContext, names, party_name


def route(model: Model, flow_ids: Sequence[str]) -> str:
    """'Her smartphone → Capture point, cashier → Cosmose platform' for a chain of flows."""
    if not flow_ids:
        return ""
    flows = model.flows_by_id
    stops = [flows[flow_ids[0]].source, *(flows[f].target for f in flow_ids)]
    return " \u2192 ".join(model.nodes_by_id[n].name for n in stops)


class OfflineOnlineLinkage(Rule):
    id = "offline-online-linkage"
    title = "A store visit is linked to an online advertising identity"
    severity = "high"
    linddun = "linking"
    description = (
        "One party holds both evidence that the person was in a store and an identifier used to show "
        "her ads. It can tie her physical visit to the profile that ads are aimed at, so what she did "
        "in the shop follows her online."
    )
    decides = (
        "From the knowledge analysis: a party knows a personal item picked up by an in-store capture "
        "node (or worked out from one, other than by enrichment) and a personal identifier that flows "
        "into an audience, an ad, or an ad platform's node, and neither is made from the other."
    )
    mitigation = (
        "Keep in-store measurement apart from advertising identifiers: no shared keys, no device-level "
        "export, counts only."
    )
    references = (
        "Meta, Customer File Custom Audiences: advertising IDs accepted as matching keys (A1, L5)",
        "FTC v. Nomi Technologies, 2015 (R1)",
        "de Montjoye et al., Unique in the Crowd, Scientific Reports 2013 (K4)",
    )
    plain = "{subject} can connect a person's visit to a shop with the ID that ads are aimed at."

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model = context.model
        for party in context.knowledge.parties:
            if not party.joins:
                continue
            sentences = []
            for join in party.joins:
                parts = [
                    f"{party_name(model, party.party)} has {names(model, join.offline)}, which show "
                    f"she was in the store, and {model.data_by_id[join.online].name}, which is used "
                    "to aim ads at her"
                ]
                if join.device:
                    parts.append(f"; both come from {model.nodes_by_id[join.device].name}")
                sentences.append("".join(parts) + ".")
                if join.capture_flows:
                    sentences.append(f"The visit: {route(model, join.capture_flows)}.")
                if join.identifier_flows:
                    sentences.append(
                        f"The {model.data_by_id[join.online].name}: {route(model, join.identifier_flows)}."
                    )
                if join.onward_flows:
                    sentences.append(f"Then on to the ad: {route(model, join.onward_flows)}.")
            text = (
                " ".join(sentences)
                + " Put together, a visit to a shop becomes part of the profile ads are aimed at: "
                "what she looked at in the store can follow her into her social-media feed, "
                "without her knowing how it got there."
            )
            joins = party.joins
            yield self.finding(
                context,
                party.party,
                text,
                title=f"{party_name(model, party.party)} can link a store visit to an online ad identity",
                nodes=unique(j.device for j in joins if j.device),
                flows=unique(f for j in joins for f in j.flows),
                data=unique(d for j in joins for d in (*j.offline, j.online)),
            )


class SensitiveDataInferred(Rule):
    id = "sensitive-data-inferred"
    title = "A sensitive fact about the person is collected or worked out"
    severity = "high"
    linddun = "data-disclosure"
    description = (
        "A party learns or infers something sensitive about the person (a sensitive place she "
        "visited, her health, her finances), often from innocent-looking data."
    )
    decides = (
        "Data items marked `sensitive: true` that some party other than the person knows (receives, "
        "produces or can derive); one finding per item, naming the parties and the flows."
    )
    mitigation = (
        "Do not collect or infer sensitive facts for advertising; exclude sensitive places from "
        "location processing."
    )
    references = (
        "de Montjoye et al., Unique in the Crowd, 2013, and Farzanehfar et al., 2021 (K4)",
        "Meta restricts audiences suggesting health or financial status from 2 Sept 2025 (A1)",
    )
    plain = "Someone in this system learns or guesses a sensitive fact: {subject}."

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        for item in model.data:
            if not item.sensitive:
                continue
            holders = [
                (p, k) for p in context.knowledge.parties if p.knows(item.id) and (k := p.known(item.id))
            ]
            if not holders:
                continue
            flows = [f.id for f in facts.flows_carrying.get(item.id, ())]
            hows = []
            for party, known in holders:
                if known.how == "derives" and item.transform == "enrich":
                    # Enrichment joins outside data on a key; nothing is worked out from the key.
                    how = f"adds it to what it holds under {names(model, known.derived_from)}"
                elif known.how == "derives":
                    how = f"works it out from {names(model, known.derived_from)}"
                else:
                    how = {"holds": "holds it", "receives": "receives it", "produces": "produces it"}[
                        known.how
                    ]
                hows.append(f"{party_name(model, party.party)} {how}")
            about = f" {item.description.strip()}" if item.description else ""
            text = (
                f"{item.name} is marked sensitive in this model.{about} {'; '.join(hows)}. "
                "A sensitive fact that an ad system holds can be used to target, exclude or expose "
                "the person, and it can be guessed from data she never thought of as revealing."
            )
            yield self.finding(
                context,
                item.id,
                text,
                flows=flows,
                data=[item.id, *item.derived_from],
            )
