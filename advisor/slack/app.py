"""Builds the slack-bolt app: one Web API client, one `Advisor`, one store, the listeners. Wiring only."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from slack_bolt import App, BoltResponse
from slack_bolt.error import BoltError, BoltUnhandledRequestError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from advisor.engine import Advisor
from advisor.errors import SettingsError
from advisor.settings import Settings
from advisor.slack.listeners import drafts, register_all
from advisor.slack.logs import BOLT_LOGGER, WEB_LOGGER, library_logger, one_line, quiet_libraries
from advisor.slack.memory import Memory
from advisor.slack.reply import SORRY_BROKEN, Bot
from advisor.store import Store

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"


def web_client(settings: Settings) -> WebClient:
    """The Web API client every call goes through: configurable base URL, 429 and 5xx retried by the SDK."""
    base_url = (settings.slack_api_url or DEFAULT_API_URL).rstrip("/") + "/"
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return WebClient(token=token, base_url=base_url, timeout=15, logger=library_logger(WEB_LOGGER), retry_handlers=[
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ])


def build_app(settings: Settings, advisor: Advisor, store: Store | Memory | None, *, client: WebClient | None = None,
              http: bool = True) -> App:
    """The app for HTTP mode (requests verified with the signing secret) or Socket Mode (`http=False`).
    Without a usable store it still answers (memory.py says what is lost)."""
    quiet_libraries()
    bolt_logger = library_logger(BOLT_LOGGER)
    bolt_logger.addFilter(_client_notice)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    if http and not secret:
        raise SettingsError("HTTP mode needs SLACK_SIGNING_SECRET (the app's Basic Information page).")
    try:
        app = App(client=client or web_client(settings), signing_secret=secret, name="role-advisor", logger=bolt_logger,
                  request_verification_enabled=http, process_before_response=False,
                  raise_error_for_unhandled_request=True,
                  listener_executor=ThreadPoolExecutor(settings.slack_workers, thread_name_prefix="slack-listener"))
    except BoltError as exc:
        raise SettingsError(f"Slack did not accept SLACK_BOT_TOKEN ({_reason(exc)}).") from None
    memory = store if isinstance(store, Memory) else Memory(store, "the store could not be opened")
    bot = Bot(settings=settings, advisor=advisor, store=memory)
    app.middleware(skip_repeats(memory))
    app.error(_on_error)
    register_all(app, bot)
    drafts.register(app, bot)
    if not settings.slack_people:
        log.warning("ADVISOR_SLACK_PEOPLE is not set: 'Ask a person' cannot tag anyone")
    return app


def skip_repeats(memory: Memory) -> Callable[..., Any]:
    """Handle each request once, across every process sharing the store. Slack re-delivers an event it
    thinks was missed (X-Slack-Retry-Num, same event id). A slash command or a click has no id, but a
    signed request can be replayed for five minutes; its signature covers body and timestamp, so the same
    signature is the same request."""

    def skip_repeated(body: dict[str, Any], next: Callable[[], None], request: Any) -> BoltResponse | None:  # noqa: A002
        key = request_key(body, request)
        if key and not memory.claim(key):
            retry = (request.headers.get("x-slack-retry-num") or ["-"])[0] if request is not None else "-"
            log.info("%s request already handled; repeat ignored (delivery retry %s)", request_kind(body), retry)
            return BoltResponse(status=200, body="")
        next()
        return None

    return skip_repeated


def request_key(body: dict[str, Any], request: Any) -> str | None:
    if body.get("type") == "event_callback":
        return str(body["event_id"]) if body.get("event_id") else None
    if body.get("type") in ("url_verification", "ssl_check") or body.get("ssl_check"):
        return None
    signature = (request.headers.get("x-slack-signature") or [""])[0] if request is not None else ""
    return f"sig:{signature.removeprefix('v0=')}"[:100] if signature else None  # Socket Mode: no signature


def _client_notice(record: logging.LogRecord) -> bool:
    """Bolt warns that SLACK_BOT_TOKEN is unused whenever a client is given; ours carries that very token."""
    return "gave `client` as well" not in record.getMessage()


def _on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
    """Every well-signed request gets 200: Slack retries anything else, and a retry of a request nobody
    handles, or of one that failed, fails again. What failed goes to the log in one line."""
    if isinstance(error, BoltUnhandledRequestError):
        log.debug("acknowledged a %s request nothing here handles", request_kind(body))
        return BoltResponse(status=200, body="")
    log.error("a %s request failed: %s", request_kind(body), one_line(error))
    # Only a slash command's acknowledgement is shown to its user; the others are answered in their listeners.
    return BoltResponse(status=200, body=SORRY_BROKEN if "command" in body else "")


def request_kind(body: dict[str, Any]) -> str:
    """What a request is, for the log: its type and event type or command, never its content."""
    event = body.get("event")
    if isinstance(event, dict):
        return f"{body.get('type')}/{event.get('type')}" + (f"/{event['subtype']}" if event.get("subtype") else "")
    if "command" in body and not body.get("type"):
        return "slash command"
    return str(body.get("type") or "unknown")


def _reason(exc: BoltError) -> str:
    """Slack's error code from Bolt's auth.test message, e.g. invalid_auth; never the token."""
    match = re.search(r"'error': '([\w.-]+)'", str(exc))
    return match.group(1) if match else "auth.test failed"
