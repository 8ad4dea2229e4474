"""The page where a person drops their own Meta export and sees their picture: `/import/meta`.

A thin layer over `flows.input.importers.meta`, like the CLI's `adflows import meta`. The upload is an
ordinary HTML form (works without JavaScript); its body, bounded by the guard at `IMPORT_MAX_BODY`,
is parsed in memory with the standard library's MIME parser (Starlette's own form parser would spool
files over 1 MB to a temporary file on disk, and the page promises that nothing is written). The answer
is the same single-file page `adflows render` writes (or, on request, the model's YAML), sent with
`Cache-Control: no-store`; nothing of the upload is kept, logged or sent anywhere once it is answered.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from flows.input.errors import ModelError
from flows.input.i18n import N_, gettext
from flows.input.importers._meta_files import ExportLimits
from flows.input.importers.meta import import_meta, read_meta_uploads
from flows.input.load import load_model
from flows.input.model import Model
from web.errors import TEMPLATES
from web.i18n import request_language
from web.service import Prepared

IMPORT_PATH = "/import/meta"
IMPORT_MAX_BODY = 32 * 1024 * 1024  # a Meta export of ads and off-Meta activity only is a few MB
IMPORT_MAX_FILES = 20
# What one upload may make the server read once unzipped: generous for an ads export, bounded for a bomb.
IMPORT_LIMITS = ExportLimits(
    max_members=200_000, max_file_bytes=64 * 1024 * 1024, max_total_bytes=128 * 1024 * 1024
)
TEMPLATE = "import_meta.html"  # autoescaped like every template (web.errors: autoescape=True)
NO_STORE = {"Cache-Control": "no-store"}


class UploadError(Exception):
    """The request is not a usable upload (not a form, no file, too many files)."""

    def __init__(self, message: str, *, from_form: bool = True) -> None:
        super().__init__(message)
        self.from_form = from_form  # sent by the page's form (answered there) rather than by a script


def uploaded_files(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """The files of a `multipart/form-data` body, as (file name, bytes), parsed in memory."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise UploadError("send the export with the form on this page (multipart/form-data)", from_form=False)
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=policy.HTTP).parsebytes(header + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise UploadError(N_("the form data could not be read"), from_form=False)
    files = []
    for part in message.iter_parts():
        filename = part.get_filename()
        data = part.get_payload(decode=True)
        if filename is None or not isinstance(data, bytes) or not data:
            continue
        files.append((str(filename), data))
        if len(files) > IMPORT_MAX_FILES:
            raise UploadError(f"send at most {IMPORT_MAX_FILES} files (the zip, or its parts)")
    if not files:
        raise UploadError(N_("choose your export first: the zip you downloaded, or its JSON files"))
    return files


def import_upload(files: list[tuple[str, bytes]]) -> tuple[str, Model]:
    """The import's YAML and the model loaded from it, as the CLI checks it; raises `ModelError`."""
    text = import_meta(read_meta_uploads(files, IMPORT_LIMITS)).yaml()
    return text, load_model(text, filename="my-meta-export.yaml")


def _form_page(request: Request, status: int, problems: list[dict[str, Any]], message: str = "") -> Response:
    """The form, with `message` (one of ours, marked with `N_`) in the reader's language."""
    worded = gettext(message, request_language(request)[0]) if message else ""
    context = {"problems": problems, "message": worded, "max_mb": IMPORT_MAX_BODY // (1024 * 1024)}
    return TEMPLATES.TemplateResponse(request, TEMPLATE, context, status_code=status, headers=NO_STORE)


def add_import_routes(app: FastAPI) -> None:
    @app.get(IMPORT_PATH, response_class=HTMLResponse, include_in_schema=False)
    def import_form(request: Request) -> Response:
        return _form_page(request, 200, [])

    @app.post(IMPORT_PATH, response_class=HTMLResponse, include_in_schema=False)
    async def import_export(request: Request) -> Response:
        body = await request.body()  # bounded by the guard (IMPORT_MAX_BODY for this path)
        try:
            files = uploaded_files(request.headers.get("content-type", ""), body)
        except UploadError as exc:
            return _form_page(request, 200 if exc.from_form else 400, [], str(exc))
        del body
        try:
            text, model = await run_in_threadpool(import_upload, files)
        except ModelError as exc:
            problems = [p.to_dict() for p in exc.problems]
            # 200: the form's answer is the page explaining what was wrong (a browser logs 4xx as an error).
            return _form_page(request, 200, problems, N_("Your export could not be read."))
        if request.query_params.get("as") == "yaml":
            headers = {**NO_STORE, "Content-Disposition": 'attachment; filename="my-meta-export.yaml"'}
            return Response(text, media_type="text/yaml; charset=utf-8", headers=headers)
        page = await run_in_threadpool(lambda: Prepared(model).page)
        return HTMLResponse(page.html, headers={**NO_STORE, "Content-Security-Policy": page.csp})
