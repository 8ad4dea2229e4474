"""Standing rules of the project, checked on the whole tree."""

import ast
from pathlib import Path

import pytest

import flows

ROOT = Path(__file__).parent.parent
MODELS = sorted((ROOT / "models").glob("*.yaml"))


def test_there_are_bundled_models() -> None:
    assert MODELS, "models/ holds no scenario"


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_every_bundled_model_loads_clean(path: Path) -> None:
    model = flows.load_model(path)
    assert model.id == path.stem, "a model's id must equal its file name"
    assert model.story, "every bundled model tells its story in steps"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path",
    [p for p in sorted((ROOT / "flows").rglob("*.py")) if "cli" not in p.relative_to(ROOT).parts],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_flows_never_imports_the_web_layer(path: Path) -> None:
    """One direction: web/ imports flows/, never the reverse (only the CLI sits on top of both)."""
    assert not imported_modules(path) & {"web", "fastapi", "starlette", "uvicorn"}


def test_only_render_html_imports_pyvis() -> None:
    users = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "flows").rglob("*.py"))
        if "pyvis" in imported_modules(p)
    ]
    assert users in ([], ["flows/output/page.py"])
