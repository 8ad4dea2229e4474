"""Story links: a share link that opens the model's story page (presenter mode), not the editor.

The editor's share link carries the model, compressed, in the URL fragment (`#yaml=...`), which browsers
never send to a server. A story link is the same fragment on `/story`: the small page there decodes it in
the browser (`static/share-link.js`, the editor's own code) and POSTs the YAML with an ordinary HTML form to
`POST /story`, whose answer is the same single-file page `adflows render` writes. The form keeps the rest
of the fragment (`present`, `step=N`), so the page opens in presenter mode at that step.

A form body (`application/x-www-form-urlencoded`) is the one kind of body the JSON API refuses from
browsers (`web.content_type`); here it is accepted on this path only, because the answer is a page shown
to the person who sent it, and `web.hosts` refuses writes from other sites before the body is read.
Nothing is kept: the answer is sent with `Cache-Control: no-store`.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from flows.input.errors import ModelError
from flows.input.i18n import N_, gettext
from web.content_type import media_type
from web.errors import TEMPLATES, WebError
from web.i18n import request_language
from web.script_words import STORY_WORDS, script_words
from web.service import UPLOAD_LIMITS, Prepared, load_upload

STORY_PATH = "/story"
# A form percent-encodes the YAML (a line break is three bytes, `%0A`): room for a model at the
# loader's own limit (`UPLOAD_LIMITS.max_bytes`), which still applies to the decoded text.
STORY_MAX_BODY = 4 * 1024 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
TEMPLATE = "story.html.j2"
NO_STORE = {"Cache-Control": "no-store"}
STORY_FILENAME = "shared-model.yaml"


class StoryFormError(ValueError):
    """The form body is not one `yaml` field of UTF-8 text."""


def yaml_from_form(body: bytes) -> bytes:
    """The `yaml` field of a URL-encoded form body, as UTF-8 bytes for the loader."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as exc:
        raise StoryFormError("a URL-encoded form body is plain ASCII") from exc
    try:
        fields = parse_qs(
            text, keep_blank_values=True, strict_parsing=False, max_num_fields=4, errors="strict"
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoryFormError("the form body could not be read (is its text UTF-8?)") from exc
    values = fields.get("yaml", [])
    if len(values) != 1:
        raise StoryFormError("send the model as one form field named yaml")
    return values[0].encode("utf-8")


def _story_page(request: Request, status: int, message: str, problems: list[dict[str, object]]) -> Response:
    lang = request_language(request)[0]
    words = script_words(STORY_WORDS, lang)
    context = {"message": message, "problems": problems, "max_bytes": UPLOAD_LIMITS.max_bytes, "words": words}
    return TEMPLATES.TemplateResponse(request, TEMPLATE, context, status_code=status, headers=NO_STORE)


def add_story_routes(app: FastAPI) -> None:
    @app.get(STORY_PATH, response_class=HTMLResponse, include_in_schema=False)
    def story_opener(request: Request) -> Response:
        return _story_page(request, 200, "", [])

    @app.post(STORY_PATH, response_class=HTMLResponse, include_in_schema=False)
    async def story(request: Request) -> Response:
        if media_type(request) != FORM_TYPE:
            shown = media_type(request)[:100] or "none"
            raise WebError(415, f"a story link's model is sent by its form ({FORM_TYPE}); got {shown}")
        try:
            text = yaml_from_form(await request.body())  # bounded by the guard's MAX_BODY
        except StoryFormError as exc:
            return _story_page(request, 400, f"This story link could not be opened: {exc}.", [])
        try:
            model = await run_in_threadpool(load_upload, text, STORY_FILENAME)
        except ModelError as exc:
            problems = [p.to_dict() for p in exc.problems]
            message = gettext(
                N_("The model in this story link has problems, so its story cannot be shown."),
                request_language(request)[0],
            )
            # 200: the answer is a page explaining what was wrong (a browser logs 4xx as an error).
            return _story_page(request, 200, message, problems)
        page = await run_in_threadpool(lambda: Prepared(model).page)
        return HTMLResponse(page.html, headers={**NO_STORE, "Content-Security-Policy": page.csp})
