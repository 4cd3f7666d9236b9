"""Reporting month and extract date read from a file name, only when the name is unambiguous.

Following the data contract: a full date (2019-01-25, 25-01-2019, 25.01.2019) is an extract date; a
year-month (2018-12) or a month name and year is the reporting month; bare digit runs such as
01022019 are never guessed. Two different candidates mean "ask the analyst".
"""

from __future__ import annotations

import re
from datetime import date

_FULL_DATES = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{2})\.(\d{2})\.(\d{4})(?!\d)"), (3, 2, 1)),
)
_YEAR_MONTH = re.compile(r"(?<![\d.])(\d{4})[-_](\d{2})(?![\d])")
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_NAMED_MONTH = re.compile(
    r"(?<![a-z])(" + "|".join(m[:3] for m in _MONTH_NAMES) + r")[a-z]*[-_ ]?(\d{4})(?!\d)", re.IGNORECASE
)


def _full_dates(name: str) -> tuple[set[date], str]:
    found: set[date] = set()
    rest = name
    for pattern, (y, m, d) in _FULL_DATES:
        for match in pattern.finditer(name):
            try:
                found.add(date(int(match[y]), int(match[m]), int(match[d])))
            except ValueError:
                continue
        rest = pattern.sub(" ", rest)
    return found, rest


def extract_date_from_name(file_name: str) -> date | None:
    """The extract date in the name if exactly one full date is there, else None."""
    found, _ = _full_dates(file_name)
    return found.pop() if len(found) == 1 else None


def reporting_month_from_name(file_name: str) -> str | None:
    """The YYYY-MM reporting month in the name if exactly one month is there, else None."""
    _, rest = _full_dates(file_name)
    months = {f"{int(y):04d}-{int(m):02d}" for y, m in _YEAR_MONTH.findall(rest) if 1 <= int(m) <= 12}
    for name, year in _NAMED_MONTH.findall(rest):
        months.add(f"{int(year):04d}-{[n[:3] for n in _MONTH_NAMES].index(name[:3].lower()) + 1:02d}")
    return months.pop() if len(months) == 1 else None
