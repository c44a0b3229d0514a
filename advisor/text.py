"""Numbers, money, units and periods in English prose: a leaf module (no project imports) any step may use.

Public API (kept small on purpose):
- `quantities(text)`: every number or range in a text as a `Quantity`, with its currency, the unit right after
  it ("years", "hours", "%") and the period it is paid or counted per ("per week", "annually", "Monthly salary:").
- `money_spans(text)`: the quantities that carry a currency.
- `normalise_amount(s)`: "$180k" → 180000.0, "1.2m" → 1200000.0, "£29,750" → 29750.0; None when not a number.
- `same_currency(a, b)`: whether two currency codes can denote the same money ("$" matches USD, CAD...).
- `CURRENCIES`, `PERIODS`, `UNITS`: the general word lists behind them (tests in tests/test_claims.py).
- `SENTENCE_END`: where one sentence ends and the next begins, also after a closing quote, bracket or emphasis
  mark ("… graduates.** Pay begins at …"), for every step that cuts prose into sentences.

Ranges are normalised however they are written: "$180,000 - $275,000+", "$180–275K+", "between X and Y",
"from X to Y", "X to Y", "10–15+". Spelled-out cardinals ("two (2) years", "between five and ten hours") are read
with number-parser, one run of number words at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Currency marks and names → ISO code; "$" alone is any dollar (USD, CAD, AUD...).
CURRENCIES: dict[str, str] = {
    "$": "$", "us$": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD", "cad": "CAD", "a$": "AUD", "au$": "AUD",
    "aud": "AUD", "nz$": "NZD", "nzd": "NZD", "s$": "SGD", "sgd": "SGD", "hk$": "HKD", "hkd": "HKD",
    "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR", "¥": "JPY", "jpy": "JPY", "₹": "INR", "inr": "INR",
    "chf": "CHF", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "czk": "CZK", "zar": "ZAR",
    "dollar": "$", "dollars": "$", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "euro": "EUR", "euros": "EUR",
    "rupee": "INR", "rupees": "INR", "yen": "JPY",
}
# A stop, then up to two closers (quote, bracket, emphasis), then space: the next sentence starts there.
SENTENCE_END = r"(?:(?<=[.!?])|(?<=[.!?][)\]\"”’'*_])|(?<=[.!?][)\]\"”’'*_]{2}))\s+"

_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD"})
# Period words (per hour, weekly, annually, p.a., /yr...) → the period.
PERIODS: dict[str, str] = {
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour", "hourly": "hour",
    "day": "day", "days": "day", "daily": "day", "shift": "shift",
    "week": "week", "weeks": "week", "wk": "week", "weekly": "week",
    "fortnight": "fortnight", "fortnightly": "fortnight", "biweekly": "fortnight",
    "month": "month", "months": "month", "mo": "month", "monthly": "month",
    "quarter": "quarter", "quarterly": "quarter",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "annum": "year", "annual": "year",
    "annually": "year", "yearly": "year", "pa": "year", "p.a.": "year",
}
# Units a number counts, right after it ("10 years", "36.25 hours", "12-week", "8%").
UNITS: dict[str, str] = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "day": "day", "days": "day",
    "week": "week", "weeks": "week", "wk": "week", "wks": "week", "fortnight": "fortnight", "fortnights": "fortnight",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "quarter": "quarter", "quarters": "quarter",
    "year": "year", "years": "year",
    "yr": "year", "yrs": "year", "decade": "decade", "decades": "decade", "%": "percent", "percent": "percent",
    "per cent": "percent", "times": "times", "am": "clock", "pm": "clock",
}
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_CARDINALS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
              "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
              "million").split()
_WORD_RUN = re.compile(rf"(?<!\d )(?<!\d)\b(?:{'|'.join(_CARDINALS)})(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|[\s-]+)"
                       rf"(?:{'|'.join(_CARDINALS)}))*\b", re.I)

_CUR_PREFIX = r"(?:US\$|C\$|CA\$|A\$|AU\$|NZ\$|S\$|HK\$|[$£€¥₹]|(?:USD|CAD|AUD|NZD|SGD|HKD|GBP|EUR|JPY|INR|CHF|SEK|NOK|DKK|PLN|CZK|ZAR)\s?)"
_NUM = r"\d[\d,]*(?:\.\d+)?|\.\d+"
_MULT = r"(?:\s?(?:[kK]|[mM]{1,2}|bn|thousand|million|billion)\b)"
_AMOUNT = rf"(?P<@cur>{_CUR_PREFIX})?\\?(?P<@num>{_NUM})(?P<@mult>{_MULT})?(?P<@plus>\+)?"
_LO, _HI = _AMOUNT.replace("@", "lo"), _AMOUNT.replace("@", "hi")
_RANGE = re.compile(
    rf"(?:(?P<between>\bbetween\s+)|(?P<from>\bfrom\s+))?(?<![\w.]){_LO}"
    rf"(?:(?(between)\s+and\s+|(?:\s*(?:-|–|—|to|and)\s*|\s*-\s*|\s+to\s+)){_HI})?", re.I)
# A currency after the figure: "1440€", "1,440 EUR", "500 pounds sterling" (a mark followed by a figure starts the
# next amount instead).
_CUR_SUFFIX = re.compile(r"^\s*([$£€¥₹](?!\s*\d)|(?:USD|CAD|AUD|NZD|SGD|HKD|GBP|EUR|JPY|INR|CHF|SEK|NOK|DKK|PLN|CZK|ZAR|"
                         r"dollars?|pounds?(?:\s+sterling)?|euros?|rupees?|yen)\b)", re.I)
# "2 business days", "10 calendar days": up to two words between a figure and the time unit it counts.
_TIME_UNIT_AFTER = re.compile(r"^\s*-?\s*(?:[a-z]+[\s-]+){1,2}(minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|"
                              r"months?|quarters?|years?|yrs?)\b\+?")
_STOP_BEFORE_UNIT = re.compile(r"\b(?:and|or|to|of|per|a|an|the|in|for|every|each|than|by|at|on|from|with)\b")
_UNIT_AFTER = re.compile(r"^\s*(?:\(\d[\d,.]*\)\s*)?-?\s*(%|(?:per cent|percent|[a-z]+)\b)\+?", re.I)
_PERIOD_AFTER = re.compile(
    r"^[\s*]*(?:(?:gross|net|base|before tax)\s+)?(?:(?:per|a|an|each|every|/|in\s+a|in\s+an)\s*"
    r"(hour|hr|h|day|shift|week|wk|fortnight|month|mo|quarter|year|yr|annum)\b|(hourly|daily|weekly|fortnightly|"
    r"biweekly|monthly|quarterly|annually|yearly|p\.?a\.?)(?!\w))", re.I)
_PERIOD_BEFORE = re.compile(r"\b(hourly|daily|weekly|fortnightly|biweekly|monthly|quarterly|annual|annually|yearly)\b"
                            r"(?:\s+[a-z]+){0,3}\s*:?\s*$", re.I)
_BOUND_BEFORE = re.compile(r"\b(up to|at most|maximum(?: of)?|max\.?|no more than|capped at|at least|minimum(?: of)?|"
                           r"min\.?|no less than|over|more than|exactly)\s*$", re.I)
_BOUND_AFTER = re.compile(r"^\s*(?:\(\d[\d,.]*\)\s*)?(?:[a-z%]+\s+)?(or more|or above|or higher|or less|or fewer|at most|at least)\b", re.I)


@dataclass(frozen=True)
class Quantity:
    """A number or range as written in a text. `lo == hi` for a single number. `plus` marks an open top
    ("$275,000+", "10+ years"); `bound` is "min", "max" or "exact" when words say so; `rounded` is the precision
    an abbreviated figure was written with ("$180k" → 1000), 0 when written in full."""

    lo: float
    hi: float
    currency: str
    unit: str
    period: str
    plus: bool
    bound: str
    start: int
    end: int
    text: str
    rounded: float = 0.0

    @property
    def is_range(self) -> bool:
        return self.lo != self.hi


def normalise_amount(s: str) -> float | None:
    """A single written amount as a number: "$180k" → 180000.0, "£29,750" → 29750.0, "1.2m" → 1200000.0."""
    found = quantities(s)
    return found[0].lo if len(found) == 1 and not found[0].is_range else None


def money_spans(text: str) -> list[Quantity]:
    """The amounts of money in a text (a quantity with a currency), ranges as one span."""
    return [q for q in quantities(text) if q.currency]


def same_currency(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    return (a == "$" and b in _DOLLARS) or (b == "$" and a in _DOLLARS)


def spell_out_numbers(text: str) -> str:
    """Cardinal number words as digits ("two (2) years" → "2 (2) years"); ordinals and "once" are left alone."""
    from number_parser import parse_number

    def sub(match: re.Match[str]) -> str:
        value = parse_number(match.group(0))
        return str(value) if value is not None else match.group(0)

    return _WORD_RUN.sub(sub, text)


def quantities(text: str) -> list[Quantity]:
    """Every number or range in `text` (after `spell_out_numbers`), left to right, with its context."""
    text = spell_out_numbers(text)
    out: list[Quantity] = []
    for m in _RANGE.finditer(text):
        lo_value, lo_round = _value(m.group("lonum"), m.group("lomult"))
        if lo_value is None:
            continue
        if out and text[max(0, m.start() - 1):m.start()] == "(" and out[-1].lo == lo_value and out[-1].end >= m.start() - 3:
            continue  # "two (2) years": the figure in brackets repeats the one before it
        hi_value, hi_round = lo_value, lo_round
        cur = _currency(m.group("locur")) or _currency(m.group("hicur"))
        if m.group("hinum") is not None:
            hi_value, hi_round = _value(m.group("hinum"), m.group("himult"))
            if hi_value is None:
                continue
            if m.group("himult") and not m.group("lomult"):  # "$180–275K": the multiplier covers both ends
                scaled = lo_value * _MULTIPLIERS[m.group("himult").strip().lower()]
                if scaled <= hi_value:
                    lo_value, lo_round = scaled, hi_round
            if hi_value < lo_value:  # "2021-22", "5-3": not a range
                hi_value, hi_round = lo_value, lo_round
        after = text[m.end():m.end() + 60]
        suffix = _CUR_SUFFIX.match(after)
        if suffix:
            cur = cur or _currency(suffix.group(1))
            after = after[suffix.end():]
        unit = ""
        unit_match = _UNIT_AFTER.match(after)
        if unit_match and unit_match.group(1).lower() in UNITS:
            unit = UNITS[unit_match.group(1).lower()]
            after = after[unit_match.end():]
        elif (time_match := _TIME_UNIT_AFTER.match(after)) and not _STOP_BEFORE_UNIT.search(time_match.group(0)):
            unit_match = time_match
            unit = UNITS[time_match.group(1).lower()]
            after = after[time_match.end():]
        plus = bool(m.group("hiplus") or m.group("loplus")) or bool(unit_match and unit_match.group(0).endswith("+"))
        period_match = _PERIOD_AFTER.match(after)
        period = ""
        if period_match:
            word = (period_match.group(1) or period_match.group(2)).lower().replace(".", "")
            period = PERIODS.get(word, "")
        if not period:
            before = _PERIOD_BEFORE.search(text[max(0, m.start() - 40):m.start()])
            if before and not re.search(r"\d", before.group(0)):
                period = PERIODS[before.group(1).lower()]
        bound = ""
        before_bound = _BOUND_BEFORE.search(text[max(0, m.start() - 20):m.start()])
        after_bound = _BOUND_AFTER.match(text[m.end():m.end() + 40])
        if before_bound:
            word = before_bound.group(1).lower()
            bound = "exact" if word == "exactly" else "max" if word.startswith(("up", "at most", "max", "no more", "capped")) else "min"
        elif after_bound:
            bound = "min" if after_bound.group(1).lower() in ("or more", "or above", "or higher", "at least") else "max"
        if plus and not bound:
            bound = "min"
        out.append(Quantity(lo_value, hi_value, cur, unit, period, plus, bound, m.start(), m.end(), m.group(0),
                            max(lo_round, hi_round)))
    return out


def _value(number: str | None, mult: str | None) -> tuple[float | None, float]:
    if not number:
        return None, 0.0
    digits = number.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None, 0.0
    if not mult:
        return value, 0.0
    factor = _MULTIPLIERS[mult.strip().lower()]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return value * factor, factor / (10 ** decimals)


def _currency(mark: str | None) -> str:
    if not mark:
        return ""
    return CURRENCIES.get(mark.strip().lower(), "")


def matched_words(patterns: Iterable[re.Pattern[str]], text: str) -> set[str]:
    """The words, in lower case, of every match of the patterns in the text ("how often" → {"how", "often"})."""
    return {w.lower() for rx in patterns for m in rx.finditer(text) for w in re.findall(r"[a-z0-9]+", m.group(0), re.I)}


def words_within(text: str, names: str) -> bool:
    """Whether the text has words and every one of them is among the names' words ("IC2" of "Engineer IC2")."""
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    return bool(words) and words <= set(re.findall(r"[a-z0-9]+", names.lower()))


def cells(row: str) -> list[str]:
    """A table row's cells as the index writes rows ("| Engineer | \\$160,000 |" → ["Engineer", "$160,000"]), a
    markdown escape read as the character it escapes."""
    return [_ESCAPE.sub(r"\1", c.strip()) for c in row.strip().strip("|").split("|")]


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark's escapable punctuation
