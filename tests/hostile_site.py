"""A models folder whose text tries to break out of the web app's templates (issue 15, item 1).

Shared by the HTTP tests (`tests/test_web_escaping.py`) and the browser tests
(`tests/browser/test_web_escaping.py`): a valid model whose title holds markup and a `<meta>` refresh,
whose YAML holds `</textarea>` in a comment, and a broken model whose unknown key holds the same tag.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny-store.yaml"

BOLD = "<b>bold</b>"
# The payload: a refresh to a closed port on this machine (the CSP stops scripts, not this).
META = '<meta http-equiv=refresh content="0;url=http://127.0.0.1:9/x">'
TEXTAREA_END = "</textarea><b>outside</b>"
HOSTILE_TITLE = f"Tiny {BOLD} {META}"


def write_hostile_models(folder: Path) -> None:
    """`hostile.yaml` (valid, hostile title and comment) and `broken-hostile.yaml` (unknown key)."""
    text = TINY.read_text(encoding="utf-8")
    text = text.replace("title: Tiny store (test fixture)", f"title: '{HOSTILE_TITLE}'", 1)
    text = text.replace("id: tiny-store", "id: hostile", 1)
    text = text.replace("\nsources:", f"\n# {TEXTAREA_END}\nsources:", 1)
    (folder / "hostile.yaml").write_text(text, encoding="utf-8")
    broken = text.replace("id: hostile", "id: broken-hostile", 1) + f"'{META}': 1\n"
    (folder / "broken-hostile.yaml").write_text(broken, encoding="utf-8")
