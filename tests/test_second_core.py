"""The analysis beside the drawing view (`flows.speed.second_core`): same page bytes, same errors, no
leftovers.

The fork happens only in single-threaded processes, and the pytest process may hold server threads
from other tests, so each case runs in a fresh interpreter, as `adflows render` does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flows.output.page import _joined_objects, json_for_script
from flows.speed.second_core import can_fork

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "darwin", reason="the side process forks only on Linux")


def run_script(body: str) -> subprocess.CompletedProcess[str]:
    """Run `body` in a fresh interpreter whose `_usable_cores` says two (CI machines may have one)."""
    prelude = "import flows.speed.second_core as sc\nsc._usable_cores = lambda: 2\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(body)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )


def test_side_runs_in_another_process_and_main_here() -> None:
    done = run_script(
        """
        import os
        side, main = sc.beside(lambda: os.getpid(), lambda: os.getpid())
        print(side != main == os.getpid())
        """
    )
    assert done.stdout.strip() == "True", done.stderr


@pytest.mark.parametrize(
    "failure",
    ["raise ValueError('only in the child')", "os._exit(3)", "return lambda: None  # unpicklable"],
)
def test_a_failed_side_process_is_redone_here_silently(failure: str) -> None:
    done = run_script(
        f"""
        import multiprocessing, os
        parent = os.getpid()
        def side():
            if os.getpid() != parent:
                {failure}
            return "computed here"
        print(sc.beside(side, lambda: "main"), multiprocessing.active_children())
        """
    )
    assert done.stdout.strip() == "('computed here', 'main') []", done.stderr
    assert "Traceback" not in done.stderr


def test_an_error_in_side_is_raised_as_in_the_serial_path() -> None:
    done = run_script(
        """
        def side():
            raise ValueError("bad model")
        try:
            sc.beside(side, lambda: "main")
        except ValueError as exc:
            print("raised:", exc)
        """
    )
    assert done.stdout.strip() == "raised: bad model", done.stderr


def test_an_error_in_main_stops_the_side_process() -> None:
    done = run_script(
        """
        import multiprocessing, time
        def main():
            raise KeyError("main failed")
        try:
            sc.beside(lambda: time.sleep(60), main)
        except KeyError:
            print("children left:", multiprocessing.active_children())
        """
    )
    assert done.stdout.strip() == "children left: []", done.stderr


def test_no_fork_while_other_threads_run() -> None:
    done = run_script(
        """
        import os, threading
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        print(sc.can_fork(), sc.beside(os.getpid, os.getpid) == (os.getpid(), os.getpid()))
        stop.set()
        """
    )
    assert done.stdout.strip() == "False True", done.stderr


def test_one_core_means_no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("flows.speed.second_core._usable_cores", lambda: 1)
    assert not can_fork()


def test_pages_rendered_beside_are_the_serial_pages_byte_for_byte() -> None:
    """Every bundled model and a generated 5,000-element one, forked and serial."""
    done = run_script(
        """
        import sys
        from pathlib import Path
        sys.path.insert(0, "bench")
        from generate import generate_model
        from flows.input.importers.yaml_writer import dump_model_yaml
        from flows.input.load import load_model
        from flows.view.page_view import page_view_in
        from flows.output import page as r

        models = [load_model(p) for p in sorted(Path("models").glob("*.yaml"))]
        models.append(load_model(dump_model_yaml(generate_model(1000)), filename="generated.yaml"))
        r.BESIDE_MIN_ELEMENTS = 0
        for model in models:
            forked = r.render_html(model)
            serial = r.render_view(page_view_in(model, model.language), r.translated_views(model)).html
            print(model.id, forked == serial)
        """
    )
    lines = done.stdout.split("\n")[:-1]
    assert len(lines) >= 9, done.stderr
    assert all(line.endswith(" True") for line in lines), lines


def test_joined_objects_is_the_json_of_the_merged_object() -> None:
    first = {"nodes": [{"label": "Caf\u00e9 \u2192 <b>"}], "model": {"title": "a\\u00e9"}}
    second = {"findings": [{"text": "</script>\u2028"}], "limits": {}}
    joined = _joined_objects(json_for_script(first), json_for_script(second))
    assert joined == json_for_script({**first, **second})
    assert json.loads(joined) == {**first, **second}
    with pytest.raises(ValueError, match="non-empty JSON objects"):
        _joined_objects("{}", json_for_script(second))


def test_adflows_render_writes_the_serial_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command as users run it, on a model big enough for the side process (5,000 elements)."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    from generate import write_model

    from flows.input.load import load_model
    from flows.output.page import BESIDE_MIN_ELEMENTS, render_view
    from flows.view.page_view import page_view

    model_path = write_model(1000, tmp_path / "generated.yaml")
    model = load_model(model_path)
    assert len(model.nodes) + len(model.flows) >= BESIDE_MIN_ELEMENTS
    out = tmp_path / "page.html"
    done = subprocess.run(
        [sys.executable, "-m", "flows", "render", str(model_path), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == render_view(page_view(model)).html
