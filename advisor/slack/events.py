"""Which message events are questions. Slack sends a person's message with no subtype, but also as a
`thread_broadcast` ("Also send to channel") or a `file_share` (a file attached): those are questions too.
Everything else is not, whoever sent it: edits, deletions, joins, topic changes, bots, and Slackbot, whose
notices carry a user id (USLACKBOT) but no bot_id.

The lists live here and nowhere else; a subtype in neither list is ignored (Slack adds new ones).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SLACKBOT = "USLACKBOT"

# A person wrote this, so it may be a question.
QUESTION_SUBTYPES: frozenset[str | None] = frozenset({None, "thread_broadcast", "file_share"})

# Never a question, and why (for the tests and the reader).
IGNORED_SUBTYPES: Mapping[str, str] = {
    "message_changed": "an edit; the original was answered already",
    "message_deleted": "a deletion",
    "message_replied": "Slack's notice that a thread got a reply",
    "bot_message": "a bot or integration wrote it",
    "me_message": "a /me action, not addressed to the bot",
    "channel_join": "someone joined", "channel_leave": "someone left",
    "group_join": "someone joined", "group_leave": "someone left",
    "channel_topic": "a topic change", "channel_purpose": "a purpose change", "channel_name": "a rename",
    "channel_archive": "an archive", "channel_unarchive": "an unarchive",
    "group_topic": "a topic change", "group_purpose": "a purpose change", "group_name": "a rename",
    "group_archive": "an archive", "group_unarchive": "an unarchive",
    "pinned_item": "a pin", "unpinned_item": "an unpin",
    "file_comment": "a legacy file comment", "file_mention": "a legacy file mention",
    "ekm_access_denied": "a message Slack cannot show",
    "tombstone": "a deleted thread parent",
    "assistant_app_thread": "the assistant pane's own thread header",
    "channel_convert_to_private": "a channel change", "channel_convert_to_public": "a channel change",
    "reminder_add": "a reminder",
}


def is_question(event: Mapping[str, Any], bot_user: str | None = None) -> bool:
    """True for a message a person wrote, with text, in a form that can be a question."""
    subtype = event.get("subtype")
    user = event.get("user")
    return (subtype in QUESTION_SUBTYPES
            and not event.get("bot_id") and not event.get("bot_profile") and not event.get("hidden")
            and not event.get("edited")
            and isinstance(user, str) and bool(user) and user != SLACKBOT and user != bot_user
            and isinstance(event.get("text"), str) and bool(event["text"].strip()))
