"""The table of kinds: every node kind, party kind, evidence level and transform, in one place.

What each kind means, where the layout puts it, how it is drawn (shape, colour, label), and which
traits the analysis reads (captures data in a store, aims ads, may be switched off in a what-if...).
The schema takes its `Literal`s from here, the view sends the table to the page in `view["legend"]`,
and the rules and the layout read the traits: adding a kind is one row here (and its line in the
docs), nothing else. `tests/test_kinds.py` holds every consumer to that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from flows.input.i18n import N_

NodeKind = Literal[
    "person", "device", "app", "sdk", "sensor", "place", "platform", "dataset", "audience", "ad"
]
PartyKind = Literal[
    "person",
    "retailer",
    "brand",
    "sensor-vendor",
    "app-publisher",
    "sdk-vendor",
    "data-broker",
    "ad-tech",
    "ad-platform",
    "social-network",
    "regulator",
    "other",
]
# Strongest first: the order is the rank (`flows.input.model.EVIDENCE_ORDER`).
Evidence = Literal[
    "documented",
    "documented-via-secondary",
    "company-claim",
    "press",
    "company-claim-via-press",
    "ngo-estimate",
    "secondary",
    "assumption",
]
# What each transform means for the rules is written in docs/model-format.md ("Transforms").
Transform = Literal[
    "hash", "keyed-hash", "truncate", "aggregate", "match", "infer", "enrich", "encrypt", "none"
]
# What kind of thing a control is (`controls:` in a model): "What can I do?" on the page.
ControlKind = Literal[
    "phone-setting",
    "account-setting",
    "opt-out",
    "data-subject-right",
    "complaint",
    "company-policy",
    "law",
]
# Who can use a control: the person herself, or someone acting on the flows for her.
ControlUser = Literal["person", "store", "app-publisher", "platform", "company", "regulator"]
# Shown for anything without a source and without an assumption note (not a level an author writes).
UNSOURCED = "unsourced"


@dataclass(frozen=True)
class NodeKindInfo:
    label: str  # the legend's name for it
    plural: str  # "12 data sets": how counts name it (a large model's overview)
    one: str  # "1 dataset": how a count of one names it
    meaning: str
    rank: int  # layout column floor, left to right along the journey
    late_rank: int | None  # its column when an ad platform or social network runs it (after the audiences)
    shape: str  # vis-network shape
    shape_name: str  # the shape in words (the legend never shows vis-network's names)
    color: str  # Okabe-Ito palette: told apart with the common colour-vision deficiencies
    marker: str | None  # matplotlib marker when the shape's own would be ambiguous in a picture
    captures: bool = False  # picks data up in a store (capture nodes: a finding's "in-store capture")
    aims_ads: bool = False  # identifiers carried into it are used to aim ads
    destination: bool = False  # where data ends up: the page's "flows into" filter lists these
    switchable: bool = False  # offered as a what-if switch on the page
    stores: bool = False  # keeps data, as opposed to passing it through (retention rules)


NODE_KINDS: dict[NodeKind, NodeKindInfo] = {
    "person": NodeKindInfo(
        label=N_("Person"),
        plural=N_("people"),
        one=N_("person"),
        meaning=N_("the person being tracked (an imagined stand-in)"),
        rank=0,
        late_rank=None,
        shape="star",
        shape_name=N_("star"),
        color="#E69F00",
        marker=None,
    ),
    "device": NodeKindInfo(
        label=N_("Device"),
        plural=N_("devices"),
        one=N_("device"),
        meaning=N_("a device she carries (her phone)"),
        rank=1,
        late_rank=None,
        shape="square",
        shape_name=N_("square"),
        color="#56B4E9",
        marker=None,
    ),
    "app": NodeKindInfo(
        label=N_("App"),
        plural=N_("apps"),
        one=N_("app"),
        meaning=N_("an app on the device"),
        rank=2,
        late_rank=None,
        shape="triangle",
        shape_name=N_("triangle"),
        color="#009E73",
        marker=None,
        switchable=True,
    ),
    "sdk": NodeKindInfo(
        label=N_("SDK inside an app"),
        plural=N_("SDKs"),
        one=N_("SDK"),
        meaning=N_("a third party's code running inside an app"),
        rank=2,
        late_rank=None,
        shape="hexagon",
        shape_name=N_("hexagon"),
        color="#009E73",
        marker=None,
        switchable=True,
    ),
    "sensor": NodeKindInfo(
        label=N_("In-store sensor"),
        plural=N_("sensors"),
        one=N_("sensor"),
        meaning=N_("a sensor in a place (Wi-Fi, Bluetooth, camera)"),
        rank=2,
        late_rank=None,
        shape="triangleDown",
        shape_name=N_("triangle pointing down"),
        color="#D55E00",
        marker=None,
        captures=True,
        switchable=True,
    ),
    "place": NodeKindInfo(
        label=N_("Place"),
        plural=N_("places"),
        one=N_("place"),
        meaning=N_("a physical place (a store, a mall)"),
        rank=2,
        late_rank=None,
        shape="box",
        shape_name=N_("rectangle"),
        color="#BBBBBB",
        marker=None,
        captures=True,
    ),
    "platform": NodeKindInfo(
        label=N_("Platform / server"),
        plural=N_("platforms"),
        one=N_("platform"),
        meaning=N_("a company's server or platform"),
        rank=3,
        late_rank=6,
        shape="ellipse",
        shape_name=N_("oval"),
        color="#0072B2",
        marker=None,
        stores=True,
    ),
    "dataset": NodeKindInfo(
        label=N_("Data set"),
        plural=N_("data sets"),
        one=N_("dataset"),
        meaning=N_("stored data (a profile store, a segment file)"),
        rank=4,
        late_rank=7,
        shape="database",
        shape_name=N_("cylinder"),
        color="#CC79A7",
        marker="8",
        destination=True,
        stores=True,
    ),
    "audience": NodeKindInfo(
        label=N_("Audience"),
        plural=N_("audiences"),
        one=N_("audience"),
        meaning=N_("a named segment of people to aim ads at"),
        rank=5,
        late_rank=8,
        shape="diamond",
        shape_name=N_("diamond"),
        color="#F0E442",
        marker=None,
        aims_ads=True,
        destination=True,
        stores=True,
    ),
    "ad": NodeKindInfo(
        label=N_("Ad"),
        plural=N_("ads"),
        one=N_("ad"),
        meaning=N_("the ad aimed at and shown to the person"),
        rank=9,
        late_rank=None,
        shape="star",
        shape_name=N_("star"),
        color="#CC79A7",
        marker="P",
        aims_ads=True,
        destination=True,
    ),
}


@dataclass(frozen=True)
class PartyKindInfo:
    meaning: str
    is_person: bool = False  # the person herself (her side of every journey)
    ad_party: bool = False  # delivers ads and matches identifiers to accounts
    late: bool = False  # its servers, data sets and audiences come after the audiences that feed them
    uses_data_for_ads: bool = False  # what it receives (a log-in) serves advertising, not the service


PARTY_KINDS: dict[PartyKind, PartyKindInfo] = {
    "person": PartyKindInfo(N_("the person being tracked"), is_person=True),
    "retailer": PartyKindInfo(N_("a shop or chain whose stores the person visits")),
    "brand": PartyKindInfo(N_("a brand that buys ads or data")),
    "sensor-vendor": PartyKindInfo(N_("a company that runs sensors in other companies' places")),
    "app-publisher": PartyKindInfo(N_("a company that publishes an app")),
    "sdk-vendor": PartyKindInfo(N_("a company whose SDK runs inside other companies' apps")),
    "data-broker": PartyKindInfo(N_("a company that buys, joins and sells data about people"),
                                 uses_data_for_ads=True),
    "ad-tech": PartyKindInfo(N_("an ad-tech intermediary (DSP, SSP, measurement)"), ad_party=True,
                             uses_data_for_ads=True),
    "ad-platform": PartyKindInfo(N_("a platform that sells ads against its own audiences"), ad_party=True,
                                 late=True, uses_data_for_ads=True),
    "social-network": PartyKindInfo(N_("a social network that sells ads"), ad_party=True, late=True,
                                    uses_data_for_ads=True),
    "regulator": PartyKindInfo(N_("a public authority")),
    "other": PartyKindInfo(N_("anything else")),
}  # fmt: skip


@dataclass(frozen=True)
class EvidenceInfo:
    label: str
    dashes: bool | tuple[int, ...]  # CSS px at zoom 1: SVG dasharray, vis-network `dashes`, matplotlib
    style: str  # the dash pattern in words
    confidence: str  # the confidence band a finding resting on it gets (`rules.confidence`)
    hedge: str | None  # how the page introduces a statement resting on it (None: stated plainly)
    hedge_short: str | None


EVIDENCE: dict[str, EvidenceInfo] = {
    "documented": EvidenceInfo(N_("Documented"), False, N_("solid line"), "high", None, None),
    "documented-via-secondary": EvidenceInfo(N_("Documented (seen via a secondary source)"), (16, 4),
                                             N_("long dashes"), "medium", None, None),
    "company-claim": EvidenceInfo(N_("Company claim"), (12, 4, 2, 4), N_("dash and dot"), "medium",
                                  N_("According to the company,"), N_("Claimed:")),
    "press": EvidenceInfo(N_("Press report"), (8, 6), N_("dashes"), "medium", N_("Reportedly,"),
                          N_("Reportedly")),
    "company-claim-via-press": EvidenceInfo(N_("Company claim, relayed by the press"), (22, 4, 2, 4),
                                            N_("long dash and dot"), "medium",
                                            N_("According to the company, as reported,"),
                                            N_("Claimed (as reported):")),
    "ngo-estimate": EvidenceInfo(N_("NGO estimate"), (12, 4, 2, 4, 2, 4), N_("dash and two dots"), "medium",
                                 N_("By an NGO estimate,"), N_("NGO estimate:")),
    "secondary": EvidenceInfo(N_("Secondary / low"), (4, 4), N_("short dashes"), "low",
                              N_("Reportedly (low-quality source),"), N_("Reportedly (low-quality source)")),
    "assumption": EvidenceInfo(N_("Assumption"), (2, 5), N_("dots"), "assumed", N_("Assumed:"),
                               N_("Assumed:")),
    UNSOURCED: EvidenceInfo(N_("Unsourced"), (1, 9), N_("sparse dots"), "assumed", N_("Unsourced:"),
                            N_("Unsourced:")),
}  # fmt: skip


@dataclass(frozen=True)
class TransformInfo:
    meaning: str
    linking: bool = False  # keeps a one-to-one link with its input: passes on `personal` and persistence
    masking: bool = False  # only hides its input (what the `identifiers-anonymised` checks look for)
    keyed: bool = (
        False  # masking with a secret key: not reversed by trying every input, but by the key holder
    )
    words: str | None = None  # how a finding names it


TRANSFORMS: dict[Transform, TransformInfo] = {
    "hash": TransformInfo("an unkeyed hash of the inputs", linking=True, masking=True, words=N_("hashing")),
    "keyed-hash": TransformInfo("a hash with a secret key", linking=True, masking=True, keyed=True,
                                words=N_("a keyed hash (a hash with a secret key)")),
    "truncate": TransformInfo("part of the input kept", linking=True, masking=True, words=N_("truncation")),
    "aggregate": TransformInfo("a count, total or average over many people"),
    "match": TransformInfo("two identifiers joined on a shared key", linking=True),
    "infer": TransformInfo("a conclusion worked out from the inputs"),
    "enrich": TransformInfo("outside facts added under an identifier"),
    "encrypt": TransformInfo("encryption with a key", linking=True, masking=True, keyed=True,
                             words=N_("encryption")),
    "none": TransformInfo("no transformation", linking=True),
}  # fmt: skip


@dataclass(frozen=True)
class ControlKindInfo:
    label: str  # how the page and the reports name it
    meaning: str
    marker: str  # the glyph drawn on a hop that has a control of this kind (a text character, no icon font)


CONTROL_KINDS: dict[ControlKind, ControlKindInfo] = {
    "phone-setting": ControlKindInfo(N_("Phone setting"), N_("a setting on the person's phone (Wi-Fi "
                                     "scanning, location permission, limit ad tracking)"), "\u2699"),
    "account-setting": ControlKindInfo(N_("Account setting"), N_("a setting in an account the person has "
                                       "with a company (ad preferences)"), "\u2699"),
    "opt-out": ControlKindInfo(N_("Opt-out"), N_("a way to tell a company to stop, offered by the company "
                               "or an industry body"), "\u270b"),
    "data-subject-right": ControlKindInfo(N_("Data-subject right"), N_("a right the law gives the person "
                                          "(access, erasure, objection under the GDPR; know, delete, opt "
                                          "out of sale under the CCPA)"), "\u00a7"),
    "complaint": ControlKindInfo(N_("Complaint to a regulator"), N_("a complaint to a data-protection "
                                 "authority or consumer regulator"), "\u00a7"),
    "company-policy": ControlKindInfo(N_("Company policy"), N_("a rule a company sets for itself or its "
                                      "partners"), "\u2691"),
    "law": ControlKindInfo(N_("Law or ruling"), N_("a law, a regulator's decision or a court ruling that "
                           "limits a flow"), "\u00a7"),
}  # fmt: skip


@dataclass(frozen=True)
class ControlUserInfo:
    label: str
    meaning: str
    is_person: bool = False  # the person can use it herself (the check asks for one per journey)


CONTROL_USERS: dict[ControlUser, ControlUserInfo] = {
    "person": ControlUserInfo(N_("You"), N_("the person being tracked can use it herself"), is_person=True),
    "store": ControlUserInfo(N_("The store"), N_("the shop or chain whose store she visits")),
    "app-publisher": ControlUserInfo(N_("The app maker"), N_("the company that publishes an app she uses")),
    "platform": ControlUserInfo(N_("The platform"), N_("an ad platform, social network or data company")),
    "company": ControlUserInfo(N_("A company"), N_("another company on the journey")),
    "regulator": ControlUserInfo(N_("A regulator"),
                                 N_("a data-protection authority, consumer regulator or court")),
}  # fmt: skip


def control_users_where(trait: str) -> frozenset[str]:
    return frozenset(kind for kind, info in CONTROL_USERS.items() if getattr(info, trait))


def node_kinds_by_rank(trait: str) -> tuple[str, ...]:
    """The node kinds with a trait set, furthest along the journey first (the ad before the audience)."""
    return tuple(sorted(node_kinds_where(trait), key=lambda kind: -NODE_KINDS[kind].rank))  # type: ignore[index]


def node_kinds_where(trait: str) -> frozenset[str]:
    """The node kinds with a trait set, e.g. `node_kinds_where("captures")`."""
    return frozenset(kind for kind, info in NODE_KINDS.items() if getattr(info, trait))


def party_kinds_where(trait: str) -> frozenset[str]:
    return frozenset(kind for kind, info in PARTY_KINDS.items() if getattr(info, trait))


def transforms_where(trait: str) -> frozenset[str]:
    return frozenset(kind for kind, info in TRANSFORMS.items() if getattr(info, trait))


EVIDENCE_ORDER: tuple[str, ...] = get_args(Evidence)
EVIDENCE_LABELS: dict[str, str] = {level: EVIDENCE[level].label for level in EVIDENCE_ORDER}
