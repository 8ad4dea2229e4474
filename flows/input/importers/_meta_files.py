"""Finding the few files that matter in a Meta "Download Your Information" export, safely.

Helper of `flows.input.importers.meta`, before the pipeline. An export arrives as a zip (or several zip parts,
each a complete zip), an unpacked folder, or single JSON files (from the CLI, or uploaded to the web app
as bytes). Only members whose file name is one we read are opened; nothing is ever extracted to disk,
so member names (which may hold `..` or absolute paths) are only compared and quoted, never joined to a
path. Every read is bounded: members, bytes per file, bytes in all, and zip entries whose declared
size lies are cut off at the limit.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flows.input.errors import ModelError, Problem, one_line

# The files the importer reads, by their base name; older exports used other names for the same lists.
ADVERTISER_FILES = frozenset(
    {
        "advertisers_using_your_activity_or_information.json",
        "advertisers_who_uploaded_a_contact_list_with_your_information.json",
    }
)
ACTIVITY_FILES = frozenset(
    {
        "your_activity_off_meta_technologies.json",
        "your_off-facebook_activity.json",
        "your_off_facebook_activity.json",
    }
)
WANTED = ADVERTISER_FILES | ACTIVITY_FILES
HTML_TWINS = frozenset(name.removesuffix(".json") + ".html" for name in WANTED)


@dataclass(frozen=True)
class ExportLimits:
    """Bounds on what an export may make us read. A real ads-and-activity export is a few megabytes;
    a whole account's export (photos included) can be gigabytes, but only its small JSON files are read."""

    max_members: int = 200_000  # entries listed in one zip (a full export with photos has tens of thousands)
    max_file_bytes: int = 64 * 1024 * 1024  # one JSON file, uncompressed
    max_total_bytes: int = 256 * 1024 * 1024  # everything read, uncompressed
    max_folder_files: int = 200_000  # files walked in an unpacked folder


@dataclass(frozen=True)
class ExportFile:
    """One file the importer will parse: where it came from (for messages) and its bytes."""

    label: str  # "export.zip:facebook-jane/ads_information/advertisers_….json", shown in messages
    path: str  # its path inside the export, with forward slashes, for telling Facebook from Instagram
    data: bytes

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


@dataclass
class Inventory:
    """What was found, to say so when the files we need are not there."""

    files: list[ExportFile] = field(default_factory=list)
    seen: int = 0
    html: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    read_bytes: int = 0

    def note(self, label: str, name: str) -> None:
        self.seen += 1
        if name in HTML_TWINS:
            self.html.append(label)
        elif len(self.examples) < 5:
            self.examples.append(label)


def _problem(label: str, message: str, hint: str | None = None) -> Problem:
    return Problem(label, 1, 1, message, (), hint)


def _fail(label: str, message: str, hint: str | None = None) -> ModelError:
    return ModelError([_problem(label, message, hint)])


def _take(inventory: Inventory, limits: ExportLimits, label: str, path: str, data: bytes) -> None:
    if len(data) > limits.max_file_bytes:
        raise _fail(label, f"the file is larger than the limit of {limits.max_file_bytes:,} bytes")
    inventory.read_bytes += len(data)
    if inventory.read_bytes > limits.max_total_bytes:
        raise _fail(label, f"the export holds more than {limits.max_total_bytes:,} bytes of files to read")
    inventory.files.append(ExportFile(label, path, data))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limits: ExportLimits) -> bytes:
    """A member's bytes, at most the limit (a member may declare a small size and inflate to far more)."""
    if info.flag_bits & 0x1:
        raise _fail(label, "the file is encrypted in the zip", "download the export again, unencrypted")
    if info.file_size > limits.max_file_bytes:
        raise _fail(label, f"the file is larger than the limit of {limits.max_file_bytes:,} bytes")
    try:
        with archive.open(info) as member:
            data = member.read(limits.max_file_bytes + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise _fail(label, f"cannot read the file from the zip: {one_line(exc)}") from None
    except Exception as exc:  # zlib.error and friends: a damaged member
        raise _fail(label, f"the zip is damaged: {one_line(exc)}") from None
    if len(data) > limits.max_file_bytes:
        raise _fail(label, f"the file is larger than the limit of {limits.max_file_bytes:,} bytes")
    return data


def _scan_zip(
    source: str | Path | io.BytesIO, label: str, inventory: Inventory, limits: ExportLimits
) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        detail = str(exc)
        if "span multiple disks" in detail:
            raise _fail(
                label,
                "this zip is one part of a split archive",
                "join the parts first (zip -s 0 PART.zip --out whole.zip) or give each downloaded zip",
            ) from None
        raise _fail(
            label, f"not a readable zip file ({one_line(detail)})", "download the export again"
        ) from None
    except (OSError, ValueError, EOFError) as exc:
        raise _fail(label, f"cannot read the zip: {one_line(exc)}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise _fail(
                label, f"the zip lists {len(infos):,} entries, more than the limit of {limits.max_members:,}"
            )
        for info in infos:
            if info.is_dir():
                continue
            path = info.filename.replace("\\", "/")
            name = PurePosixPath(path).name
            member_label = f"{label}:{one_line(path, 200)}"
            inventory.note(member_label, name)
            if name in WANTED:
                _take(
                    inventory, limits, member_label, path, _read_member(archive, info, member_label, limits)
                )


def _scan_folder(folder: Path, inventory: Inventory, limits: ExportLimits) -> None:
    walked = 0
    for path in sorted(folder.rglob("*")):
        walked += 1
        if walked > limits.max_folder_files:
            raise _fail(str(folder), f"the folder holds more than {limits.max_folder_files:,} entries")
        if path.is_symlink() or not path.is_file():  # a link could lead out of the export: not followed
            continue
        relative = path.relative_to(folder).as_posix()
        inventory.note(str(path), path.name)
        if path.name in WANTED:
            _take(inventory, limits, str(path), relative, _read_regular(path, limits))
        elif path.suffix.lower() == ".zip":
            _scan_zip(path, str(path), inventory, limits)


def _read_regular(path: Path, limits: ExportLimits) -> bytes:
    """At most `max_file_bytes + 1` bytes of a regular file (a device or a FIFO is refused, not read)."""
    try:
        if not path.is_file():
            raise _fail(str(path), "not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise _fail(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise _fail(str(path), f"the file is larger than the limit of {limits.max_file_bytes:,} bytes")
    return data


def _is_zip(head: bytes) -> bool:
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def scan_paths(paths: Sequence[Path], limits: ExportLimits | None = None) -> Inventory:
    """The wanted files of an export given as zips, folders or JSON files on disk; raises `ModelError`."""
    limits = limits or ExportLimits()
    inventory = Inventory()
    for path in paths:
        label = str(path)
        if path.is_dir():
            _scan_folder(path, inventory, limits)
        elif not path.exists():
            raise _fail(label, "no such file or folder")
        elif not path.is_file():
            raise _fail(label, "not a regular file or a folder")
        else:
            try:
                with path.open("rb") as handle:
                    head = handle.read(4)
            except OSError as exc:
                raise _fail(label, f"cannot read the file: {exc.strerror or exc}") from None
            if _is_zip(head) or path.suffix.lower() == ".zip":
                _scan_zip(path, label, inventory, limits)
            else:
                inventory.note(label, path.name)
                _take(inventory, limits, label, path.name, _read_regular(path, limits))
    return inventory


def scan_uploads(uploads: Iterable[tuple[str, bytes]], limits: ExportLimits | None = None) -> Inventory:
    """The same for files held in memory (the web app's upload): each a zip or one JSON file."""
    limits = limits or ExportLimits()
    inventory = Inventory()
    for raw_name, data in uploads:
        name = PurePosixPath(raw_name.replace("\\", "/")).name or "upload"
        label = one_line(name, 100)
        if _is_zip(data[:4]):
            _scan_zip(io.BytesIO(data), label, inventory, limits)
        else:
            inventory.note(label, name)
            _take(inventory, limits, label, name, data)
    return inventory
