"""Only regular files are read, with a bounded read, by every command and by `serve` (issue 15, 3 and 6).

Before the fix `adflows validate /dev/zero` read until the kernel killed it (its size is 0, so the
size check passed), a FIFO hung the command, a symbolic link in the models folder published any file
on the machine, and the server's answers named its absolute paths.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.input.catalog import load_catalog
from flows.input.regular_file import RefusedFileError, read_regular_file
from tests.web_client import local_client
from web.app import create_app

ROOT = Path(__file__).parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny-store.yaml"
# A command that reads /dev/zero or waits on a FIFO never ends by itself: the timeout turns that
# into a failure instead of a hung test run.
TIMEOUT = 60

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")


def adflows(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows", *args], capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{}"],
        ["render", "{}", "-o", "{out}"],
        ["check", "{}"],
        ["import", "gvl", "{}", "-o", "{out}"],
    ],
)
@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_commands_refuse_what_is_not_a_regular_file(
    command: list[str], kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "fifo":
        target, word = request.getfixturevalue("fifo"), "a named pipe (FIFO)"
    elif kind == "device":
        target, word = Path("/dev/zero"), "a character device"
    else:
        target, word = tmp_path, "a folder"
    if not target.exists():
        pytest.skip(f"{target} does not exist here")
    out = tmp_path / "out.file"
    result = adflows(*(part.format(target, out=out) for part in command))
    assert result.returncode == 1, result.stderr
    assert f"{target}:1:1: error: " in result.stderr
    assert f"not a regular file: it is {word}" in result.stderr or "Is a directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_the_read_stops_at_the_limit_whatever_the_size_says(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(b"#" * 101)
    assert read_regular_file(path, 101) == b"#" * 101
    with pytest.raises(RefusedFileError, match="file is 101 bytes; the limit is 100"):
        read_regular_file(path, 100)


def test_a_device_is_refused_before_any_read() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(RefusedFileError, match="character device"):
        read_regular_file("/dev/zero", 10)


def models_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(TINY, folder / "tiny-store.yaml")
    secret = tmp_path / "secret.yaml"
    secret.write_text(TINY.read_text().replace("Tiny store (test fixture)", "SECRET TITLE"))
    (folder / "outside.yaml").symlink_to(secret)
    (folder / "inside.yaml").symlink_to(folder / "tiny-store.yaml")
    return folder


@needs_fifo
def test_serve_lists_fifos_and_outside_links_as_refused(tmp_path: Path) -> None:
    folder = models_folder(tmp_path)
    os.mkfifo(folder / "pipe.yaml")
    catalog = load_catalog(folder)  # returns (a FIFO no longer hangs the start-up)
    assert catalog["tiny-store"].ok and catalog["inside"].ok
    assert not catalog["outside"].ok
    assert "symbolic link that leads outside the models folder" in catalog["outside"].problems[0].message
    assert "named pipe" in catalog["pipe"].problems[0].message

    client = local_client(create_app(folder))
    gallery = client.get("/").text
    assert "SECRET TITLE" not in gallery
    assert "outside.yaml:1:1: error: refused: a symbolic link that leads outside the models folder" in gallery
    assert client.get("/api/models/outside/source").status_code == 404 or (
        "SECRET" not in client.get("/api/models/outside/source").text
    )


def test_answers_never_show_server_paths(tmp_path: Path) -> None:
    folder = models_folder(tmp_path)
    (folder / "broken.yaml").write_text("format: adflows/1\nid: broken\ntitle: [unclosed\n")
    client = local_client(create_app(folder))
    answers = [
        client.get("/").text,
        client.get("/api/models").text,
        client.get("/api/models/tiny-store/findings").text,
        client.get("/api/models/broken").text,
        client.get("/models/broken").text,
        client.get("/models/tiny-store").text,
    ]
    for text in answers:
        assert str(tmp_path) not in text
    assert '"file": "tiny-store.yaml"' in answers[2]
    assert "broken.yaml:4:1: error: YAML syntax" in answers[0]
