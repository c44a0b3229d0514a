"""What the Slack side writes to the log: one line per event, never a request body, a message's text or a
traceback, at any level (-v included).

Our own lines follow that by construction (`one_line` for failures). slack_bolt and slack_sdk log whole
payloads at DEBUG (requests sent, responses received, acks, socket-mode frames) and Bolt logs a request
body at INFO when its signature check fails. Their loggers decide whether to build those lines from
their own `level`, so giving the ones the app uses an explicit level of INFO or above switches the dumps
off whatever the root logger says; the endpoint verifies signatures before Bolt sees a request.
"""

from __future__ import annotations

import logging

# The loggers slack_bolt and slack_sdk log payloads on when the app does not hand them its own.
LIBRARY_LOGGERS = ("slack_bolt", "slack_sdk", "slack_sdk.web.base_client", "slack_sdk.webhook.client",
                   "slack_sdk.socket_mode.builtin.client", "slack_sdk.socket_mode.client")
BOLT_LOGGER = "advisor.slack.bolt"
WEB_LOGGER = "advisor.slack.web"


def library_logger(name: str) -> logging.Logger:
    """A logger for a Slack library to use, never more verbose than INFO (payload dumps are DEBUG)."""
    logger = logging.getLogger(name)
    logger.setLevel(max(logging.INFO, logging.getLogger().getEffectiveLevel()))
    return logger


def quiet_libraries() -> None:
    for name in LIBRARY_LOGGERS:
        library_logger(name)


def one_line(error: BaseException) -> str:
    """The exception's type and where it was raised: enough to find the bug, without a traceback or the data
    the message of, say, a KeyError or a JSON error would quote."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f" at {'/'.join(tb.tb_frame.f_code.co_filename.split('/')[-2:])}:{tb.tb_lineno}" if tb is not None else ""
    return f"{type(error).__name__}{where}"
