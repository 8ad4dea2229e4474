"""The static picture: slide-sized PNG with real content, SVG whose text stays text, legend included."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from flows.cli import app
from flows.load import load_model
from flows.picture import render_picture, to_png, to_svg
from flows.view import to_view

ROOT = Path(__file__).parent.parent
COSMOSE = ROOT / "models" / "cosmose-omnicookie.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
SVG = "{http://www.w3.org/2000/svg}"
runner = CliRunner()


def test_png_for_cosmose_is_a_full_slide_with_content(tmp_path: Path) -> None:
    out = tmp_path / "cosmose.png"
    result = runner.invoke(app, ["export", str(COSMOSE), "--format", "png", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size == (1920, 1080)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 20) or []
    inked = sum(count for count, rgb in colours if rgb != (255, 255, 255))
    assert inked > 0.02 * 1920 * 1080  # not blank
    kind_colours = {(0xE6, 0x9F, 0x00), (0x56, 0xB4, 0xE9), (0xF0, 0xE4, 0x42)}  # person, device, audience
    assert kind_colours <= {rgb for _, rgb in colours}


def test_print_resolution() -> None:
    with Image.open(io.BytesIO(to_png(load_model(FIXTURE), dpi=200))) as image:
        assert image.size == (3840, 2160)


def test_svg_keeps_text_title_labels_and_legend(tmp_path: Path) -> None:
    out = tmp_path / "cosmose.svg"
    result = runner.invoke(app, ["export", str(COSMOSE), "--format", "svg", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    model = load_model(COSMOSE)
    assert model.title in texts
    assert {"What each shape is", "Evidence for the flow", "Person", "Audience", "Documented"} <= texts
    drawing = to_view(model)["drawing"]
    for node_id in ("cosmose-platform", "meta-ads-platform"):
        assert set(drawing["nodes"][node_id]["lines"]) <= texts  # each wrapped line is its own text
    assert "Cosmose" in texts and "platform" in texts
    assert {"Secondary / low", "(short dashes)", "Device", "(square)"} <= texts  # styles and shapes in words
    assert root.get("width") == "1382.4pt" and root.get("height") == "777.6pt"


def test_hostile_text_is_drawn_literally() -> None:
    text = FIXTURE.read_text().replace(
        "{id: person, name: Shopper,", '{id: person, name: "$\\\\frac{1}{0}$ <b>x</b> 🛒",', 1
    )
    svg = to_svg(load_model(text))
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert "$\\frac{1}" in svg  # not typeset as mathtext (the label wraps after 11 characters)


def test_same_model_same_bytes() -> None:
    assert render_picture(load_model(FIXTURE), "svg") == render_picture(load_model(FIXTURE), "svg")
    assert to_png(load_model(FIXTURE)) == to_png(load_model(FIXTURE))


def test_hostile_control_characters_leave_a_well_formed_svg() -> None:
    """The loader refuses control characters; a Model built in code can still hold them, and the SVG
    writer must drop them rather than write ill-formed XML."""
    import dataclasses

    loaded = load_model(FIXTURE)
    nodes = tuple(
        dataclasses.replace(n, name="Shop\x1bper\x00 \x07x") if n.id == "person" else n for n in loaded.nodes
    )
    model = dataclasses.replace(loaded, nodes=nodes, title="\x0b\x1bTiny store")
    svg = to_svg(model)
    root = ET.fromstring(svg.encode())  # parses: no control character reached the XML
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    assert "Shopper x" in texts


def test_every_bundled_model_exports_an_svg_drawn_from_its_drawing() -> None:
    for path in sorted((ROOT / "models").glob("*.yaml")):
        model = load_model(path)
        root = ET.fromstring(render_picture(model, "svg"))
        ids = {el.get("id") for el in root.iter()}
        drawing = to_view(model)["drawing"]
        assert {f"node-{n}" for n in drawing["nodes"]} <= ids, path.name
        labelled = {f"flow-label-{e}" for e, d in drawing["edges"].items() if d["label"]}
        assert labelled <= ids, path.name


def test_without_dot_the_picture_uses_the_layered_drawing(monkeypatch, tmp_path: Path) -> None:
    from flows import drawing

    drawing.run_dot.cache_clear()
    monkeypatch.setenv("PATH", str(tmp_path))
    root = ET.fromstring(render_picture(load_model(FIXTURE), "svg"))
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    assert "Shopper" in texts
    drawing.run_dot.cache_clear()
