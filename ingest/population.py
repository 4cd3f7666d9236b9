"""Read an analyst's child population table (children aged 0 to 17 by ethnic group) for the
disproportionality view (issue 19).

The file is a CSV with one row per ethnic group: a group column ("ethnic_group", "ethnic group",
"group") naming one of reference/population/groups.yaml's groups (its name or an alias, in any case,
punctuation folded), and a count column ("children", "population", "count", "observation"). Every group
must be there exactly once, each count a whole number of 0 or more, and the comparison group (White
British) more than 0. Every problem is reported with its row and column; a file with any problem gives
no table.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from ingest.decode import UnreadableFile, decode_bytes
from ingest.issues import Issue
from reference.population import Population, ethnic_groups

GROUP_HEADINGS = ("ethnic_group", "ethnic group", "group", "ethnicity")
COUNT_HEADINGS = ("children", "population", "count", "observation", "number")


def _folded(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.casefold()).strip()


def _group_lookup() -> dict[str, str]:
    lookup = {}
    for group in ethnic_groups().groups.values():
        for form in (group.name, *group.aliases):
            lookup[_folded(form)] = group.name
    return lookup


@dataclass(frozen=True)
class PopulationRead:
    population: Population | None
    issues: tuple[Issue, ...]


def read_population(file_name: str, data: bytes, area: str, year: str, source: str, licence: str) -> PopulationRead:
    """The table as a Population (with the area, year, source and licence the analyst gives), or every
    problem found."""
    issues: list[Issue] = []
    for name, value in (("area", area), ("year", year), ("source", source), ("licence", licence)):
        if not value.strip():
            issues.append(Issue(file_name, None, None, None, "blank_" + name, f"Give the table's {name}."))
    try:
        text = decode_bytes(data).text
    except UnreadableFile as err:
        return PopulationRead(None, (*issues, Issue(file_name, None, None, None, err.rule, err.message)))
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return PopulationRead(None, (*issues, Issue(file_name, None, None, None, "empty", "The file is empty.")))
    headings = [_folded(h) for h in rows[0]]
    group_at = next((headings.index(h) for h in map(_folded, GROUP_HEADINGS) if h in headings), None)
    count_at = next((headings.index(h) for h in map(_folded, COUNT_HEADINGS) if h in headings), None)
    for at, words, rule in (
        (group_at, GROUP_HEADINGS, "no_group_column"),
        (count_at, COUNT_HEADINGS, "no_count_column"),
    ):
        if at is None:
            issues.append(Issue(file_name, 1, None, None, rule, f"Add a column headed one of: {', '.join(words)}."))
    if group_at is None or count_at is None:
        return PopulationRead(None, tuple(issues))
    lookup, children, seen_at = _group_lookup(), {}, {}
    group_heading, count_heading = rows[0][group_at], rows[0][count_at]
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        written = row[group_at].strip() if group_at < len(row) else ""
        count = row[count_at].strip().replace(",", "") if count_at < len(row) else ""
        group = lookup.get(_folded(written))
        if group is None:
            known = "; ".join(ethnic_groups().groups)
            issues.append(
                Issue(
                    file_name,
                    number,
                    group_heading,
                    written,
                    "unknown_group",
                    f"'{written}' is not one of the groups: {known}.",
                )
            )
        elif group in seen_at:
            issues.append(
                Issue(
                    file_name,
                    number,
                    group_heading,
                    written,
                    "duplicate_group",
                    f"{group} is already on row {seen_at[group]}; give each group once.",
                )
            )
        if not count.isdigit():
            issues.append(
                Issue(
                    file_name,
                    number,
                    count_heading,
                    count,
                    "not_a_count",
                    "Give the number of children as a whole number of 0 or more.",
                )
            )
        elif group is not None and group not in seen_at:
            children[group] = int(count)
        if group is not None and group not in seen_at:
            seen_at[group] = number
    missing = [g for g in ethnic_groups().groups if g not in seen_at]
    if missing:
        issues.append(
            Issue(file_name, None, group_heading, None, "missing_group", f"Add a row for: {'; '.join(missing)}.")
        )
    comparison = ethnic_groups().comparison
    if comparison in children and children[comparison] == 0:
        issues.append(
            Issue(
                file_name,
                seen_at[comparison],
                count_heading,
                "0",
                "no_comparison",
                f"{comparison} children are the comparison group: their number must be more than 0.",
            )
        )
    if issues:
        return PopulationRead(None, tuple(issues))
    population = Population(
        area=area.strip(),
        year=year.strip(),
        source=source.strip(),
        licence=licence.strip(),
        children={g: children[g] for g in ethnic_groups().groups},
        file_name=file_name,
    )
    return PopulationRead(population, ())
