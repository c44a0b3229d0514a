"""Running the app: Socket Mode (outbound websocket, no public URL) or an HTTP endpoint.

HTTP mode is an ASGI app under uvicorn. Each request's signature is verified on its raw bytes before
anything is parsed (inbound.py): unsigned or stale requests get 401, signed ones Slack could not have sent
get 400, and the rest go to Bolt, which acks at once; the listeners run in the app's thread pool, so the
endpoint answers well within Slack's 3 seconds and any number of identical processes can sit behind a load
balancer (state lives in the store).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.adapter.asgi.http_response import AsgiHttpResponse
from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from advisor.errors import SettingsError
from advisor.slack.inbound import MAX_BODY_BYTES, Rejection, header, parse, verify

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class ThreadedSlackHandler(SlackRequestHandler):
    """Bolt's ASGI handler, but verifying before parsing, and dispatching in a worker thread so one slow
    request never blocks the loop."""

    def __init__(self, app: App, path: str, signing_secret: str) -> None:
        super().__init__(app, path=path)
        self.signing_secret = signing_secret

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        headers = request.get_headers()
        raw = await _read_body(request, MAX_BODY_BYTES)
        if raw is None:
            return _refuse(Rejection(413, "a body over the size limit"))
        rejected = verify(raw, headers, self.signing_secret)
        if rejected is not None:
            return _refuse(rejected)
        parsed = parse(raw, header(headers, "content-type"))
        if isinstance(parsed, Rejection):
            return _refuse(parsed)
        try:
            bolt_request = BoltRequest(body=raw.decode("utf-8"), query=request.query_string, headers=headers)
            if bolt_request.body != parsed:  # Bolt reads any form containing "payload" as an interaction
                bolt_request.body = parsed
                bolt_request.context = build_context(BoltContext(), parsed)
        except Exception as exc:  # noqa: BLE001 - a shape Bolt cannot route is the sender's problem
            return _refuse(Rejection(400, f"a payload Bolt cannot read ({type(exc).__name__})"))
        return await asyncio.to_thread(self.app.dispatch, bolt_request)

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method == "GET" and path == HEALTH_PATH:
            return AsgiHttpResponse(status=200, headers={"content-type": ["text/plain;charset=utf-8"]}, body="ok")
        return await super()._get_http_response(method, path, request)


def asgi_app(app: App, path: str = EVENTS_PATH) -> ThreadedSlackHandler:
    return ThreadedSlackHandler(app, path=path, signing_secret=app._signing_secret or "")


async def _read_body(request: AsgiHttpRequest, limit: int) -> bytes | None:
    """The raw body, or None once it passes `limit` bytes (the rest is not read)."""
    chunks = bytearray()
    while True:
        chunk = await request.receive()
        if chunk.get("type") != "http.request":
            return bytes(chunks)
        chunks.extend(chunk.get("body", b""))
        if len(chunks) > limit:
            return None
        if not chunk.get("more_body", False):
            return bytes(chunks)


def _refuse(rejection: Rejection) -> BoltResponse:
    """One line in the log, never the body: a flood of junk stays a flood of short lines."""
    (log.info if rejection.status == 401 else log.warning)("refused a request (HTTP %d): %s", rejection.status,
                                                           rejection.reason)
    return BoltResponse(status=rejection.status, body="")


def http_server(app: App, host: str, port: int, path: str = EVENTS_PATH) -> Any:
    """A uvicorn server (not started): `.run()` blocks, `.should_exit = True` stops it."""
    import uvicorn

    config = uvicorn.Config(asgi_app(app, path), host=host, port=port, lifespan="off", log_level="warning",
                            access_log=False)
    return uvicorn.Server(config)


def connect_socket_mode(app: App, app_token: str) -> Any:
    """Open the Socket Mode connection (events then flow in on their own); fails with a clear line on a bad token."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token=app_token)
    try:
        handler.connect()
    except SlackApiError as exc:
        raise SettingsError(f"Slack refused SLACK_APP_TOKEN ({exc.response.get('error')}); it must be an app-level "
                            "token (xapp-…) with the connections:write scope.") from None
    log.info("connected to Slack in Socket Mode")
    return handler


def wait_forever() -> None:
    threading.Event().wait()
