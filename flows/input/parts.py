"""Reusable model parts: YAML snippets (a phone, an app with an SDK, ...) that authors copy into a model.

Beside the pipeline, for authors. Each part in `flows/input/part_files/` is a mapping of `parties`,
`nodes`, `data` and `flows` lists whose header comment says what it needs and what to rename;
`part_items` parses one with the model loader's safe YAML reader, so a test can paste it into a model
and validate the result.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from flows.input.errors import did_you_mean
from flows.input.yamldoc import load_yaml

SECTIONS: tuple[str, ...] = ("parties", "nodes", "data", "flows")
_FOLDER = resources.files("flows.input").joinpath("part_files")


def list_parts() -> tuple[str, ...]:
    """Names of the bundled parts, sorted ('app-with-sdk', 'in-store-sensor', 'phone', ...)."""
    names = (item.name.removesuffix(".yaml") for item in _FOLDER.iterdir() if item.name.endswith(".yaml"))
    return tuple(sorted(names))


def part_text(name: str) -> str:
    """The YAML text of one part, comments included; raise ValueError for an unknown name."""
    name = name.removesuffix(".yaml")
    names = list_parts()
    if name not in names:  # only bundled names ever reach the file system
        hint = did_you_mean(name, names) or f"choose one of: {', '.join(names)}"
        raise ValueError(f"unknown part '{name}' ({hint})")
    return _FOLDER.joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def part_summary(name: str) -> str:
    """The part's first comment line without its '# PART: ' prefix, for listings."""
    first = part_text(name).splitlines()[0]
    return first.removeprefix("#").strip().removeprefix("PART:").strip()


def part_items(name: str) -> dict[str, list[Any]]:
    """The part's lists by section, parsed as a model would be (every section present, maybe empty)."""
    data = load_yaml(part_text(name), f"flows/input/part_files/{name}.yaml").data
    return {section: list(data.get(section) or []) for section in SECTIONS}
