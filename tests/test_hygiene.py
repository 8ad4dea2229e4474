"""Source hygiene (`flows.analysis.hygiene.check_sources`): each problem kind fires and stays quiet, and every
bundled model is clean (the contract `adflows check --strict` relies on)."""

from pathlib import Path

import pytest

from flows.analysis.hygiene import check_sources
from flows.input.errors import Problem
from flows.input.load import load_model
from tests.factory import ModelBuilder

ROOT = Path(__file__).parent.parent
MODELS = sorted((ROOT / "models").glob("*.yaml"))
DOC = {
    "id": "doc",
    "title": "A documented source",
    "date": "2020-01-02",
    "url": "https://example.org/doc",
    "evidence": "documented",
}
BLOG = {**DOC, "id": "blog", "title": "A student blog", "evidence": "secondary"}


def clean() -> ModelBuilder:
    """A small model with a dated, linked source cited by everything: no hygiene problems."""
    builder = ModelBuilder("hygiene")
    builder.doc["sources"] = [dict(DOC), dict(BLOG)]
    (
        builder.party("shopper", "person", sources=["doc"])
        .party("vendor", "sensor-vendor", sources=["doc", "blog"])
        .node("phone", "device", "shopper", sources=["doc"])
        .node("platform", "platform", "vendor", sources=["doc"])
        .item("ad-id", persistence="resettable", sources=["doc"])
        .flow("sdk", "phone", "platform", ["ad-id"], sources=["doc", "blog"])
        .claim("no-pd", "vendor", {"kind": "no-personal-data"}, quote="We collect no personal data.")
    )
    builder.doc["claims"][0]["source"] = "doc"
    return builder


def messages(builder: ModelBuilder) -> list[str]:
    return [p.message for p in check_sources(builder.build())]


def source(builder: ModelBuilder, source_id: str) -> dict:
    return next(s for s in builder.doc["sources"] if s["id"] == source_id)


def test_a_clean_model_has_no_problems() -> None:
    assert messages(clean()) == []


def test_unsourced_element_fires_with_its_location() -> None:
    builder = clean().change_flow("sdk", sources=[])
    [problem] = check_sources(builder.build())
    assert isinstance(problem, Problem)
    assert problem.message == "flow 'sdk': no source and no assumption"
    assert problem.path == ("flows", 0)
    assert problem.format().startswith("hygiene.yaml:") and ": error: flow 'sdk'" in problem.format()
    assert "add sources: [...] or assumption: ..." in problem.format()


def test_unsourced_element_quiet_with_an_assumption() -> None:
    builder = clean().change_flow("sdk", sources=[], assumption="We guess the SDK sends it.")
    assert messages(builder) == []


def test_source_without_date_or_url_fires() -> None:
    builder = clean()
    del source(builder, "doc")["date"]
    del source(builder, "doc")["url"]
    assert messages(builder) == ["source 'doc': no date", "source 'doc': no url"]


def test_source_without_date_or_url_quiet_when_the_note_says_why() -> None:
    builder = clean()
    del source(builder, "doc")["date"]
    del source(builder, "doc")["url"]
    source(builder, "doc")["note"] = "Undated, a living page. No URL here: cited by venue only."
    assert messages(builder) == []


def test_assumption_source_needs_no_date_or_url() -> None:
    builder = clean()
    builder.doc["sources"].append({"id": "guess", "title": "Our guess", "evidence": "assumption"})
    builder.change_flow("sdk", sources=["doc", "blog", "guess"])
    assert messages(builder) == []


def test_unused_source_fires() -> None:
    builder = clean()
    builder.doc["sources"].append({**DOC, "id": "spare"})
    assert messages(builder) == ["source 'spare': listed but cited by no element, claim or account"]


def test_unused_source_quiet_when_kept_as_a_lead() -> None:
    builder = clean()
    builder.doc["sources"].append({**DOC, "id": "spare", "note": "Low-grade; kept only as a lead."})
    assert messages(builder) == []


def test_fact_resting_only_on_a_secondary_source_fires() -> None:
    builder = clean().change_flow("sdk", sources=["blog"], purpose="Sending the ID to the vendor")
    [message] = messages(builder)
    assert message.startswith("flow 'sdk': only low-grade (secondary) sources ('blog')")


@pytest.mark.parametrize(
    "fields",
    [
        {"description": "The blog says the SDK sends the ID."},
        {"description": "According to one student post, the SDK sends it."},
        {"assumption": "Only the blog describes this step."},
        {"sources": ["blog", "doc"]},
    ],
)
def test_secondary_only_quiet_when_attributed_assumed_or_corroborated(fields: dict) -> None:
    builder = clean().change_flow("sdk", sources=["blog"])
    builder.change_flow("sdk", **fields)
    assert messages(builder) == []


def test_secondary_only_quiet_inside_an_alternative_account() -> None:
    builder = clean().change_flow("sdk", sources=["blog"], account="blog-version")
    builder.doc["accounts"] = [
        {"id": "blog-version", "title": "The blog's version", "summary": "As told.", "sources": ["blog"]}
    ]
    assert messages(builder) == []


def test_claim_quoted_from_an_assumption_fires_unless_marked_invented() -> None:
    builder = clean()
    builder.doc["sources"].append({"id": "guess", "title": "Our guess", "evidence": "assumption"})
    builder.doc["claims"][0]["source"] = "guess"
    [message] = messages(builder)
    assert message.startswith("claim 'no-pd': quoted from 'guess', which is an assumption")
    builder.doc["claims"][0]["quote"] = "(Invented wording) We collect no personal data."
    assert messages(builder) == []


def test_claim_from_a_secondary_source_needs_a_note() -> None:
    builder = clean()
    builder.doc["claims"][0]["source"] = "blog"
    assert messages(builder) == [
        "claim 'no-pd': quoted only from a low-grade (secondary) source 'blog' with no note"
    ]
    builder.doc["claims"][0]["note"] = "Relayed by a student blog; not found in any primary source."
    assert messages(builder) == []


def test_empty_quote_fires() -> None:
    builder = clean()
    builder.doc["claims"][0]["quote"] = " "
    assert "claim 'no-pd': empty quote" in messages(builder)


def test_problems_are_sorted_by_position() -> None:
    builder = clean().change_flow("sdk", sources=[])
    del source(builder, "doc")["url"]
    problems = check_sources(builder.build())
    assert list(problems) == sorted(problems) and len(problems) == 2


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_every_bundled_model_passes_strict(path: Path) -> None:
    problems = check_sources(load_model(path))
    assert not problems, "\n".join(p.format() for p in problems)


def test_at_least_seven_bundled_scenarios() -> None:
    assert len(MODELS) >= 7


def test_mac_said_to_never_change_without_a_word_on_randomisation_fires() -> None:
    builder = clean().item("wifi-mac", persistence="persistent", sources=["doc"])
    builder.change_flow("sdk", data=["ad-id", "wifi-mac"])
    [message] = messages(builder)
    assert message.startswith("data item 'wifi-mac': 'persistent' says the MAC address never changes")


def test_mac_said_to_never_change_quiet_when_hedged() -> None:
    description = "Stable on phones before 2014; later phones randomise it while scanning (W3)."
    builder = clean().item("wifi-mac", persistence="persistent", sources=["doc"], description=description)
    builder.change_flow("sdk", data=["ad-id", "wifi-mac"])
    assert messages(builder) == []
