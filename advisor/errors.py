"""Errors a user can act on.

AdvisorError
 ├── SettingsError      a setting is missing or malformed
 ├── DocumentError      a role document cannot be read, parsed or accepted
 ├── IndexMissingError  nothing has been ingested yet
 ├── IndexError_        the index is unreachable or corrupt
 └── QuestionError      the question is empty or too long

Surfaces (CLI, Slack) turn these into one clear line; anything else is a bug and is logged.
"""


class AdvisorError(Exception):
    """Base class: the message is safe to show to a user."""


class SettingsError(AdvisorError):
    pass


class DocumentError(AdvisorError):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IndexMissingError(AdvisorError):
    pass


class IndexUnavailableError(AdvisorError):
    pass


class QuestionError(AdvisorError):
    pass
