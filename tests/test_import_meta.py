"""`adflows import meta`: a person's own Meta export (zip, parts, folder, JSON) -> a model of their flows."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import flows
from flows.analysis.journeys import find_journeys
from flows.cli import app
from flows.input.errors import ModelError
from flows.input.importers._meta_files import ExportLimits
from flows.input.importers._meta_shapes import repair_text
from flows.input.importers.meta import import_meta, read_meta_paths, read_meta_uploads
from flows.output.page import render_html
from tests.meta_export import ACTIVITY, ADVERTISERS, advertisers, export_zip, mojibake

FIXTURES = Path(__file__).parent / "fixtures" / "meta-dyi"
ZIP = FIXTURES / "facebook-example.zip"
INSTAGRAM = FIXTURES / "instagram-example"
RECORDS = FIXTURES / "facebook-example-records"
runner = CliRunner()


def run_import(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", "meta", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def imported(tmp_path: Path, *paths: Path) -> flows.Model:
    out = tmp_path / "mine.yaml"
    code, _, err = run_import(*paths, "-o", out)
    assert code == 0, err
    return flows.load_model(out)


def write_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_repair_undoes_the_exports_mojibake_and_leaves_real_text_alone() -> None:
    assert repair_text("Caf\u00c3\u00a9 Lumi\u00c3\u00a8re") == "Café Lumière"
    assert repair_text("Café") == "Café"  # real Latin-1 text is not valid UTF-8 once encoded: kept
    assert repair_text("東京ストア") == "東京ストア"
    assert repair_text(mojibake("Łódź Żabka")) == "Łódź Żabka"


def test_the_zip_as_downloaded_gives_the_persons_flows(tmp_path: Path) -> None:
    model = imported(tmp_path, ZIP)
    names = {p.name for p in model.parties}
    assert {"Northgate Outlet Mall", "Café Lumière", "Brightline Sports", "Riverside Pharmacy"} <= names
    assert "Weather Now (app)" in names  # only in the off-Meta activity file
    flows_by_id = {f.id: f for f in model.flows}
    assert flows_by_id["business-northgate-outlet-mall-visit"].source == "person"
    assert flows_by_id["business-northgate-outlet-mall-store-audience"].target == "audience-store-visits"
    assert "business-riverside-pharmacy-customer-list" in flows_by_id
    assert "business-riverside-pharmacy-visit" not in flows_by_id
    events = flows_by_id["business-brightline-sports-events"]
    assert events.description and "2 events" in events.description and "PURCHASE" in events.description
    # Every element rests on the export; the export is a documented source.
    assert {s.id: s.evidence for s in model.sources}["facebook-export"] == "documented"
    assert all(n.sources for n in model.nodes) and all(f.sources for f in model.flows)


def test_the_story_starts_from_the_store_visits_and_ends_with_the_ads(tmp_path: Path) -> None:
    model = imported(tmp_path, ZIP)
    titles = [step.title for step in model.story]
    assert titles[1] == "Your store visits"
    assert "Northgate Outlet Mall" in model.story[1].narration and "Café Lumière" in model.story[1].narration
    assert titles[-1] == "The ads, back to you"
    journeys = find_journeys(model)
    store_routes = [j for j in journeys if j.flows[0].endswith("-visit")]
    assert store_routes and all(j.delivered for j in store_routes)


def test_facebook_and_instagram_together_cite_both_exports(tmp_path: Path) -> None:
    model = imported(tmp_path, ZIP, INSTAGRAM)
    northgate = next(p for p in model.parties if p.id == "business-northgate-outlet-mall")
    assert set(northgate.sources) == {"facebook-export", "instagram-export"}
    # Instagram says Northgate also used site activity; Facebook did not: the flags are combined.
    assert "business-northgate-outlet-mall-remarketing" in {f.id for f in model.flows}


def test_the_records_shape_of_the_activity_file(tmp_path: Path) -> None:
    model = imported(tmp_path, RECORDS)
    assert {p.name for p in model.parties} >= {"Brightline Sports", "Café Lumière"}
    assert "2 events" in (
        next(f for f in model.flows if f.id == "business-brightline-sports-events").description or ""
    )


def test_folder_zip_and_zip_parts_read_the_same_businesses(tmp_path: Path) -> None:
    folder = imported(tmp_path, FIXTURES / "facebook-example")
    whole = imported(tmp_path, ZIP)
    with zipfile.ZipFile(ZIP) as archive:
        names = archive.namelist()
        part1 = write_zip(tmp_path / "part-1.zip", {names[0]: archive.read(names[0])})
        part2 = write_zip(tmp_path / "part-2.zip", {names[1]: archive.read(names[1])})
    parts = imported(tmp_path, part1, part2)
    ids = [sorted(f.id for f in m.flows) for m in (folder, whole, parts)]
    assert ids[0] == ids[1] == ids[2]


def test_the_output_is_deterministic_and_the_only_file_written(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    code1, out1, _ = run_import(ZIP, INSTAGRAM, "-o", "-")
    code2, out2, _ = run_import(ZIP, INSTAGRAM, "-o", "-")
    assert code1 == code2 == 0 and out1 == out2
    assert out1.startswith("# Generated by `adflows import meta`")
    code, _, _ = run_import(ZIP, "-o", work / "mine.yaml")
    assert code == 0 and [p.name for p in work.iterdir()] == ["mine.yaml"]


def test_hostile_names_are_text_in_the_model_and_inert_in_the_page(tmp_path: Path) -> None:
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'"
    data = {
        "custom_audiences_all_types_v2": [
            {
                "advertiser_name": payload,
                "has_data_file_custom_audience": True,
                "has_remarketing_custom_audience": False,
                "has_in_person_store_visit": True,
            }
        ]
    }
    path = tmp_path / ADVERTISERS.rsplit("/", 1)[1]
    path.write_text(json.dumps(data), encoding="utf-8")
    model = imported(tmp_path, path)
    assert payload in {p.name for p in model.parties}
    page = render_html(model)
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_a_zip_member_named_outside_the_export_is_read_in_memory_only(tmp_path: Path) -> None:
    data = json.dumps(advertisers(3))
    evil = write_zip(tmp_path / "evil.zip", {f"../../{ADVERTISERS}": data, "/abs/" + ACTIVITY: "{}"})
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_import(evil, "-o", out / "m.yaml")
    assert code == 1  # the empty activity file has an unknown shape
    assert "evil.zip:/abs/apps_and_websites_off_of_facebook" in err and "unknown shape" in err
    assert not (tmp_path.parent / "ads_information").exists() and list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (
            {"x/ads_information/advertisers_using_your_activity_or_information.html": "<html></html>"},
            "HTML format",
        ),
        (
            {"x/photos/1.jpg": b"\xff\xd8", "x/profile.json": "{}"},
            "no Meta ads file in the export (found 2 files",
        ),
        ({f"x/{ADVERTISERS}": '{"custom_audiences_all_types_v2": [1, 2'}, f"x/{ADVERTISERS}:1:"),
        ({f"x/{ADVERTISERS}": '{"some_new_key": []}'}, "found an object with the keys some_new_key"),
        ({f"x/{ADVERTISERS}": '{"custom_audiences_all_types_v2": []}'}, "the export lists no businesses"),
    ],
)
def test_exports_we_cannot_read_get_a_message_naming_the_file(
    tmp_path: Path, members: dict[str, str | bytes], expected: str
) -> None:
    code, _, err = run_import(write_zip(tmp_path / "export.zip", members), "-o", tmp_path / "m.yaml")
    assert code == 1 and expected in err and "Traceback" not in err
    assert not (tmp_path / "m.yaml").exists()


def test_broken_and_missing_inputs(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(ZIP.read_bytes()[:400])
    for path, expected in (
        (broken, "broken.zip:1:1: error:"),
        (tmp_path / "nowhere.zip", "no such file or folder"),
    ):
        code, _, err = run_import(path, "-o", tmp_path / "m.yaml")
        assert code == 1 and expected in err, err


def test_limits_bound_what_a_zip_can_make_us_read(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"x/{ADVERTISERS}", " " * 5_000_000 + "{}")  # 5 MB of spaces, a few KB zipped
    assert len(bomb.getvalue()) < 50_000
    with pytest.raises(ModelError, match="larger than the limit of 1,000,000 bytes"):
        read_meta_uploads([("bomb.zip", bomb.getvalue())], ExportLimits(max_file_bytes=1_000_000))
    with pytest.raises(ModelError, match="more than the limit of 1"):
        read_meta_uploads([("ex.zip", ZIP.read_bytes())], ExportLimits(max_members=1))


def test_uploads_in_memory_give_the_same_model_as_the_files_on_disk() -> None:
    from_disk = import_meta(read_meta_paths([ZIP])).model
    from_memory = import_meta(read_meta_uploads([("facebook-example.zip", ZIP.read_bytes())])).model
    assert from_disk["flows"] == from_memory["flows"] and from_disk["story"] == from_memory["story"]


def test_a_large_synthetic_export_imports_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "large.zip"
    path.write_bytes(export_zip(5_000, 50_000))
    model = imported(tmp_path, path)
    businesses = [p for p in model.parties if p.id.startswith("business-")]
    assert len(businesses) == 5_000
    assert businesses[0].name == "Boutique Élan 00000"
    assert sum(1 for f in model.flows if f.id.endswith("-visit")) == 1_000
    assert all(len(step.nodes) <= 200 for step in model.story)


def test_a_folder_export_follows_no_link_and_bounds_what_it_reads(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ADVERTISERS.rsplit("/", 1)[1]).write_text(json.dumps(advertisers(2)), encoding="utf-8")
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "facebook-example", export)
    (export / "elsewhere").symlink_to(outside, target_is_directory=True)
    names = {p["name"] for p in import_meta(read_meta_paths([export])).model["parties"]}
    assert "Boutique Élan 00000" not in names and "Northgate Outlet Mall" in names
    with pytest.raises(ModelError, match="more than 1,500 bytes of files to read"):
        read_meta_paths([export], ExportLimits(max_total_bytes=1_500))


def test_a_section_that_is_not_a_list_is_named_in_the_error(tmp_path: Path) -> None:
    broken = {"custom_audiences_all_types_v2": {"advertiser_name": "Acme"}}
    source = write_zip(tmp_path / "export.zip", {f"x/{ADVERTISERS}": json.dumps(broken)})
    code, _, err = run_import(source, "-o", tmp_path / "out.yaml")
    assert code != 0
    assert "'custom_audiences_all_types_v2' is not a list" in err
    assert "advertisers_using_your_activity_or_information.json" in err
