"""Finding and KnownItem fill their frozen fields by hand (for speed): they must stay real dataclasses
whose hand-written `__init__` sets exactly the declared fields, in order."""

from __future__ import annotations

import dataclasses

import pytest

from flows.analysis.knowledge import KnownItem
from flows.analysis.rules.base import Finding


def test_finding_init_sets_every_field_in_order() -> None:
    finding = Finding("rule-x", "subject", "high", "linking", "Title", "Text", nodes=("n",))
    assert list(vars(finding)) == [f.name for f in dataclasses.fields(Finding)]
    assert finding.key == "rule-x@subject"
    accepted = dataclasses.replace(finding, accepted=True, justification="why")
    assert (accepted.accepted, accepted.justification, accepted.key) == (True, "why", "rule-x@subject")
    assert accepted != finding and dataclasses.replace(finding) == finding
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "other"  # type: ignore[misc]


def test_known_item_init_sets_every_field_in_order() -> None:
    known = KnownItem("item", "receives", ("flow",), ("party",))
    assert list(vars(known)) == [f.name for f in dataclasses.fields(KnownItem)]
    assert known == KnownItem("item", "receives", flows=("flow",), from_parties=("party",))
    assert hash(known) == hash(dataclasses.replace(known))
    with pytest.raises(dataclasses.FrozenInstanceError):
        known.how = "holds"  # type: ignore[misc]
