"""Running the app: Socket Mode (outbound websocket, no public URL) or an HTTP endpoint.

HTTP mode is an ASGI app under uvicorn. Bolt verifies each request's signature and acks at once; the
listeners run in the app's thread pool, so the endpoint answers well within Slack's 3 seconds and any
number of identical processes can sit behind a load balancer (state lives in the store).
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
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from advisor.errors import SettingsError

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class ThreadedSlackHandler(SlackRequestHandler):
    """Bolt's ASGI handler, but dispatching in a worker thread so one slow request never blocks the loop."""

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        bolt_request = BoltRequest(body=await request.get_raw_body(), query=request.query_string,
                                   headers=request.get_headers())
        return await asyncio.to_thread(self.app.dispatch, bolt_request)

    async def _get_http_response(self, method: str, path: str, request: AsgiHttpRequest) -> AsgiHttpResponse:
        if method == "GET" and path == HEALTH_PATH:
            return AsgiHttpResponse(status=200, headers={"content-type": ["text/plain;charset=utf-8"]}, body="ok")
        return await super()._get_http_response(method, path, request)


def asgi_app(app: App, path: str = EVENTS_PATH) -> ThreadedSlackHandler:
    return ThreadedSlackHandler(app, path=path)


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
