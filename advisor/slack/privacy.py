"""Pay is sensitive: an answer that shows pay is posted only where the asker alone can read it,
unless the policy is off or the channel is allow-listed (ADVISOR_SLACK_PAY_PRIVATE, ADVISOR_SLACK_PAY_CHANNELS)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from advisor.settings import Settings

# A currency sign or code next to a number, or a number with a k/currency suffix: "$180,000", "€95k", "120 GBP".
_MONEY = re.compile(r"[$£€¥₹]\s?\d|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\s?\d"
                    r"|\b\d[\d,.]*\s?(?:k|K|USD|EUR|GBP|CAD|AUD|CHF)\b")


def shows_pay(text: str, topics: Sequence[str], cited: bool) -> bool:
    """True for a currency figure in the text, or an answer about pay that quotes documents."""
    return bool(_MONEY.search(text)) or ("pay" in topics and cited)


def pay_channels(settings: Settings) -> frozenset[str]:
    return frozenset(c.strip() for c in settings.slack_pay_channels.split(",") if c.strip())


def keep_private(settings: Settings, channel: str, text: str, topics: Sequence[str], cited: bool) -> bool:
    """Whether this answer must not be posted where others in `channel` would see it."""
    return settings.slack_pay_private and channel not in pay_channels(settings) and shows_pay(text, topics, cited)
