"""Rules about what parties can put together: offline-to-online joins and sensitive inferences.

Analysis stage; reads the joins and known items computed by `flows.analysis.knowledge`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flows.analysis.facts import unique
from flows.analysis.rules.base import Finding, Rule, RuleContext, party_name, worded_names
from flows.input.i18n import N_, _
from flows.input.model import Model


def route(model: Model, flow_ids: Sequence[str]) -> str:
    """'Her smartphone → Capture point, cashier → Cosmose platform' for a chain of flows."""
    if not flow_ids:
        return ""
    flows = model.flows_by_id
    stops = [flows[flow_ids[0]].source, *(flows[f].target for f in flow_ids)]
    return " \u2192 ".join(model.nodes_by_id[n].name for n in stops)


# How many holders of a sensitive item a finding names; the rest are counted (its flows list them all).
SENSITIVE_HOLDERS_SHOWN = 8
# How a party knows a sensitive item it does not work out (whole clauses; `{party}` is its name).
SENSITIVE_HOW = {
    "holds": N_("{party} holds it"),
    "receives": N_("{party} receives it"),
    "produces": N_("{party} produces it"),
}


class OfflineOnlineLinkage(Rule):
    id = "offline-online-linkage"
    title = N_("A store visit is linked to an online or account identity")
    severity = "high"
    linddun = "linking"
    description = (
        "One party holds both evidence that the person was in a store and an identifier of her online "
        "life (an advertising ID, or an account, e-mail or login). It can tie her physical visit to the "
        "profile that ads are aimed at or to her account, so what she did in the shop follows her online."
    )
    decides = (
        "Fires on the join itself, whatever the kind of party: a party knows a personal item picked up "
        "by an in-store capture node (or worked out from one, other than by enrichment) and an online "
        "identifier, and neither is made from the other. Online identifiers are advertising "
        "identifiers (flowing into an audience, an ad or an ad company's node, or `identifies: "
        "advertising`) and identifiers naming an account or the person (`identifies: account` or "
        "`person`, or named e-mail, phone number, account, login, loyalty card, customer or user ID); "
        "an identifier picked up by a sensor is never the online side."
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
    plain = N_("{subject} can connect a person's visit to a shop with the ID that ads are aimed at.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model = context.model
        for party in context.knowledge.parties:
            if not party.joins:
                continue
            sentences = []
            for join in party.joins:
                if join.online in context.facts.ad_identifiers:
                    has = N_(
                        "{party} has {visit}, which show she was in the store, and {online}, which is used "
                        "to aim ads at her"
                    )
                else:
                    has = N_(
                        "{party} has {visit}, which show she was in the store, and {online}, which names "
                        "her account or her"
                    )
                parts = [
                    _(has).format(
                        party=party_name(model, party.party),
                        visit=worded_names(model, join.offline),
                        online=model.data_by_id[join.online].name,
                    )
                ]
                if join.device:
                    parts.append(
                        _("; both come from {device}").format(device=model.nodes_by_id[join.device].name)
                    )
                sentences.append("".join(parts) + ".")
                if join.capture_flows:
                    sentences.append(_("The visit: {route}.").format(route=route(model, join.capture_flows)))
                if join.identifier_flows:
                    sentences.append(
                        _("The {item}: {route}.").format(
                            item=model.data_by_id[join.online].name, route=route(model, join.identifier_flows)
                        )
                    )
                if join.onward_flows:
                    sentences.append(
                        _("Then on to the ad: {route}.").format(route=route(model, join.onward_flows))
                    )
            together = _(
                "Put together, a visit to a shop becomes part of the profile ads are aimed at: what she "
                "looked at in the store can follow her into her social-media feed, without her knowing how "
                "it got there."
            )
            text = " ".join(sentences) + " " + together
            joins = party.joins
            yield self.finding(
                context,
                party.party,
                text,
                title=_("{party} can link a store visit to an online identity").format(
                    party=party_name(model, party.party)
                ),
                nodes=unique(j.device for j in joins if j.device),
                flows=unique(f for j in joins for f in j.flows),
                data=unique(d for j in joins for d in (*j.offline, j.online)),
            )


class SensitiveDataInferred(Rule):
    id = "sensitive-data-inferred"
    title = N_("A sensitive fact about the person is collected or worked out")
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
    plain = N_("Someone in this system learns or guesses a sensitive fact: {subject}.")

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
                    how = N_("{party} adds it to what it holds under {items}")
                elif known.how == "derives":
                    how = N_("{party} works it out from {items}")
                else:
                    how = SENSITIVE_HOW[known.how]
                hows.append(
                    _(how).format(
                        party=party_name(model, party.party), items=worded_names(model, known.derived_from)
                    )
                )
            about = f" {item.description.strip()}" if item.description else ""
            shown = "; ".join(hows[:SENSITIVE_HOLDERS_SHOWN])
            if len(hows) > SENSITIVE_HOLDERS_SHOWN:
                shown += _("; and {count} other parties hold it too").format(
                    count=len(hows) - SENSITIVE_HOLDERS_SHOWN
                )
            text = (
                _("{item} is marked sensitive in this model.").format(item=item.name)
                + about
                + " "
                + _(
                    "{holders}. A sensitive fact that an ad system holds can be used to target, exclude or "
                    "expose the person, and it can be guessed from data she never thought of as revealing."
                ).format(holders=shown)
            )
            yield self.finding(
                context,
                item.id,
                text,
                flows=flows,
                data=[item.id, *item.derived_from],
            )


class PseudonymReidentified(Rule):
    id = "pseudonymous-history-reidentified"
    title = N_("A pseudonymous history is joined to a name or an account")
    severity = "high"
    linddun = "identifying"
    description = (
        "A party holds a history recorded under a pseudonym (a device or advertising ID with the visits "
        "or events kept under it) and also an identifier that names the person or her account (e-mail, "
        "phone number, login, loyalty card). Joined, the pseudonymous history becomes hers by name: "
        "re-identification."
    )
    decides = (
        "From the knowledge analysis: a party knows a lasting pseudonymous identifier (persistent or "
        "resettable, not itself naming an account), at least one personal event or inference, and an "
        "identifier that names an account or the person (`identifies: account|person`, or named "
        "e-mail, phone number, account, login, loyalty card, customer or user ID), and neither "
        "identifier is made from the other. One finding per party."
    )
    mitigation = (
        "Keep pseudonymous measurement apart from account data: separate keys, no shared store, no "
        "matching; if a login is offered, do not attach earlier device histories to it."
    )
    references = (
        "Article 29 Working Party, Opinion 05/2014 (WP216): pseudonymised data stays personal data (H3)",
        "Venkatadri et al., Investigating sources of PII used in Facebook's targeted advertising, 2019 (A9)",
        "Turnstyle (Toronto, 2013-14): Wi-Fi histories joined to Facebook log-ins, press reports (R5)",
    )
    plain = N_("{subject} can put a name or an account on a history that was recorded under a code.")

    def check(self, context: RuleContext) -> Iterable[Finding]:
        model, facts = context.model, context.facts
        naming = facts.naming_identifiers
        items = model.data_by_id
        for party in context.knowledge.parties:
            known = [k.item for k in party.items]
            pseudonyms = [d for d in known if facts.is_lasting_identifier(d) and d not in naming]
            names_ = [d for d in known if d in naming]
            history = [d for d in known if items[d].kind in ("event", "inference") and d in facts.personal]
            if not (pseudonyms and names_ and history):
                continue
            pairs = [
                (p, n) for p in pseudonyms for n in names_ if facts.lineage(p).isdisjoint(facts.lineage(n))
            ]
            if not pairs:
                continue
            used_pseudonyms = unique(p for p, _ in pairs)
            used_names = unique(n for _, n in pairs)
            shown = history[:4]
            wanted = {*used_pseudonyms, *used_names, *shown}
            flows = unique(f for k in party.items if k.item in wanted for f in k.flows)
            who = party_name(model, party.party)
            text = _(
                "{party} keeps {history} under {pseudonyms}, a code that does not name her, and it also "
                "holds {names}, which names her or her account. Once both are in one company's data, the "
                "history recorded under the code can be put under her name: the pseudonym protects her only "
                "as long as nobody holds both."
            ).format(
                party=who,
                history=worded_names(model, shown),
                pseudonyms=worded_names(model, used_pseudonyms),
                names=worded_names(model, used_names),
            )
            yield self.finding(
                context,
                party.party,
                text,
                title=_("{party} can put a name or account on a pseudonymous history").format(party=who),
                flows=flows,
                data=[*used_pseudonyms, *used_names, *shown],
            )
