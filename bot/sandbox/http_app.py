"""The HTTP face of the sandbox: `/api/{method}` (the Web API), `/response/{id}` (response_urls),
`/upload/v1/{ticket}` (file uploads) and `/link/` (Socket Mode), as a Starlette app."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute

from bot.sandbox.errors import SlackError
from bot.sandbox.faults import FaultInjector
from bot.sandbox.response_urls import respond
from bot.sandbox.socket_link import SocketLink
from bot.sandbox.uploads import receive_upload
from bot.sandbox.web_api import Answer, WebApi

UPLOAD_PATH = "/upload/v1/"  # as Slack's files.slack.com/upload/v1/…


async def _arguments(request: Request) -> tuple[dict[str, Any], str | None]:
    """Arguments from the query string and the body (form or JSON), and the token from the
    Authorization header or the `token` field, as Slack accepts them."""
    arguments: dict[str, Any] = dict(request.query_params)
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if body and content_type.startswith("application/json"):
        try:
            parsed = json.loads(body)
        except json.JSONDecodeError:
            raise SlackError("invalid_json") from None
        if not isinstance(parsed, dict):
            raise SlackError("invalid_json")
        arguments.update(parsed)
    elif body:
        arguments.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    token = arguments.pop("token", None)
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    elif authorization.lower().startswith("basic "):
        arguments.update(_client_credentials(authorization[6:].strip()))
    return arguments, token


def _client_credentials(basic: str) -> dict[str, str]:
    """oauth.v2.access's client id and secret, sent as HTTP Basic credentials."""
    try:
        client_id, _, client_secret = base64.b64decode(basic, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise SlackError("invalid_client_id") from None
    return {"client_id": client_id, "client_secret": client_secret}


def _response(answer: Answer) -> JSONResponse:
    return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)


def build_app(web_api: WebApi, faults: FaultInjector, link: SocketLink) -> Starlette:
    async def api(request: Request) -> JSONResponse:
        method = request.path_params["method"]
        try:
            arguments, token = await _arguments(request)
        except SlackError as error:
            answer = Answer(200, error.body())
            web_api.record(method, {}, answer, None)
            return _response(answer)
        fault = faults.draw(method)
        if fault is not None and fault.kind == "hang":
            web_api.fault_hung(method, fault)
            await asyncio.sleep(fault.hang_seconds)
        elif fault is not None:
            return _response(web_api.fault_answer(method, fault, arguments))
        return _response(web_api.answer(method, token, arguments))

    async def response_url(request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError:
            return JSONResponse({"ok": False, "error": "invalid_payload"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"ok": False, "error": "invalid_payload"}, status_code=400)
        return _response(respond(web_api, request.path_params["url_id"], body))

    async def upload(request: Request) -> PlainTextResponse:
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        answer = receive_upload(web_api.workspace, request.path_params["ticket"], body, content_type)
        return PlainTextResponse(answer.text, status_code=answer.status)

    return Starlette(
        routes=[
            Route("/api/{method}", api, methods=["GET", "POST"]),
            Route("/response/{url_id}", response_url, methods=["POST"]),
            Route(UPLOAD_PATH + "{ticket}", upload, methods=["POST"]),
            WebSocketRoute("/link/", link.serve),
        ]
    )
