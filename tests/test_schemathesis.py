"""Fuzz the JSON API from its own OpenAPI spec with schemathesis, in process (ASGI, no network).

Every operation of `/api/openapi.json` gets generated requests (valid and schema-violating); each answer
must not be a 5xx, must use a documented status code and content type, must match the documented JSON
schema, and must never carry traceback text. The bundled models, a broken one and hostile variants are
also sent on purpose, since random strings almost never name a real model or load as one.

Two of schemathesis's default checks are left out because they judge what a JSON Schema cannot say
about YAML text: `positive_data_acceptance` expects any string body to be accepted (a string that is
not a valid model is a documented 422), and `negative_data_rejection` expects a non-string body to be
rejected (schemathesis sends it serialised as YAML, which *is* text, so the server rightly reads it).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.hostile import hostile_model_text
from web.app import create_app
from web.hosts import AllowedHosts

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted((ROOT / "models").glob("*.yaml"))
BROKEN = "format: adflows/1\nid: broken\ntitle: [unclosed\n"
EXCLUDED = [negative_data_rejection, positive_data_acceptance]
# Bounded: ten operations x this many examples runs in well under a minute on two cores.
MAX_EXAMPLES = 40
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', "RuntimeError", "KeyError")


def no_traceback(ctx: Any, response: Any, case: Any) -> bool | None:
    """A custom check: no answer, error or not, shows Python internals."""
    text = response.content.decode("utf-8", "replace")
    leaked = [marker for marker in TRACEBACK_MARKERS if marker in text]
    if leaked:
        raise AssertionError(f"traceback text in the response: {leaked}")
    return None


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models")
    for path in MODELS:
        shutil.copy(path, folder / path.name)
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def api_schema(models_dir: Path) -> Any:
    # schemathesis's in-process client names the host `testserver`: allowed here as `--allow-host` would.
    app = create_app(models_dir, allowed_hosts=AllowedHosts.for_bind("127.0.0.1", ["testserver"]))
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case: Any) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED, additional_checks=[no_traceback])


READ_ROUTES = ("", "/view", "/findings", "/source")


@pytest.mark.parametrize("model_id", [*(p.stem for p in MODELS), "broken", "no-such-model"])
def test_read_routes_for_every_catalogue_id(api_schema: Any, model_id: str) -> None:
    for suffix in READ_ROUTES:
        operation = api_schema[f"/api/models/{{model_id}}{suffix}"]["GET"]
        case = operation.Case(path_parameters={"model_id": model_id})
        case.call_and_validate(excluded_checks=EXCLUDED, additional_checks=[no_traceback])


POST_ROUTES = ("/api/validate", "/api/view", "/api/render", "/api/check")


def bodies() -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in MODELS]
    hostile = [(f"hostile-{p.name}", hostile_model_text(p.read_text(encoding="utf-8"))) for p in MODELS[:2]]
    return [*texts, *hostile, ("broken.yaml", BROKEN), ("empty", ""), ("scalar", "just text\n")]


@pytest.mark.parametrize(("name", "text"), bodies(), ids=[name for name, _ in bodies()])
def test_post_routes_with_real_and_hostile_models(api_schema: Any, name: str, text: str) -> None:
    for route in POST_ROUTES:
        case = api_schema[route]["POST"].Case(body=text, media_type="text/yaml")
        response = case.call_and_validate(excluded_checks=EXCLUDED, additional_checks=[no_traceback])
        assert response.status_code in (200, 422), (route, name, response.status_code)
