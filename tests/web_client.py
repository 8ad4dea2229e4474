"""A TestClient that reaches the app as a browser on this machine does: `Host: 127.0.0.1:8000`.

Starlette's default base URL names the host `testserver`, which the app refuses (`web.hosts`: only
the hosts the server was started for are answered, against DNS rebinding).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

LOCAL_URL = "http://127.0.0.1:8000"


def local_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=LOCAL_URL, raise_server_exceptions=False)
