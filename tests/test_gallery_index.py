"""The gallery index: models/README.md is generated from the models and must be fresh."""

from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from flows.input.starter import starter_model
from flows.output.gallery_index import first_sentence, gallery_index, md_text

ROOT = Path(__file__).parent.parent
MODELS = ROOT / "models"
runner = CliRunner()


def test_models_readme_is_fresh() -> None:
    readme = MODELS / "README.md"
    assert readme.is_file(), "models/README.md is missing: run `adflows index -o models/README.md`"
    assert readme.read_text(encoding="utf-8") == gallery_index(MODELS), (
        "models/README.md is out of date: run `adflows index -o models/README.md`"
    )


def test_index_rows_sorted_with_counts_and_broken_models(tmp_path: Path) -> None:
    (tmp_path / "b-model.yaml").write_text(starter_model("b-model", "B | <b>"), encoding="utf-8")
    (tmp_path / "a-model.yaml").write_text(starter_model("a-model", "A model"), encoding="utf-8")
    (tmp_path / "c-broken.yaml").write_text("format: adflows/1\nid: c-broken\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    text = gallery_index(tmp_path)
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert [row.split("](")[1].split(")")[0] for row in rows] == [
        "a-model.yaml",
        "b-model.yaml",
        "c-broken.yaml",
    ]
    assert rows[0] == (
        "| [A model](a-model.yaml) | Replace this with one or two sentences saying what the model shows, "
        "for example: a shopper's phone is noticed in a shop, she is put into a group, and the group is "
        "shown an ad on a social network. | 0 | 10 | 9 | 3 |"
    )
    assert rows[1].startswith("| [B \\| &lt;b&gt;](b-model.yaml) |")
    assert "does not load" in rows[2] and "adflows validate models/c-broken.yaml" in rows[2]
    assert "3 scenarios, 1 of which do not load yet." in text
    assert gallery_index(tmp_path) == text  # deterministic


def test_first_sentence_and_escaping() -> None:
    assert first_sentence("It hears phones, e.g. the MAC.  Then\nmore.") == "It hears phones, e.g. the MAC."
    assert md_text("a | b [x](javascript:y) <script>") == "a \\| b \\[x\\](javascript:y) &lt;script&gt;"


def test_cli_prints_and_writes_the_index(tmp_path: Path) -> None:
    printed = runner.invoke(app, ["index", "--models", str(MODELS)])
    assert printed.exit_code == 0 and printed.stdout == gallery_index(MODELS)
    out = tmp_path / "README.md"
    written = runner.invoke(app, ["index", "--models", str(MODELS), "-o", str(out)])
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == gallery_index(MODELS)
    missing = runner.invoke(app, ["index", "--models", str(tmp_path / "nope")])
    assert missing.exit_code == 2
