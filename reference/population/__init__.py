"""Reference data for the disproportionality view: its ethnic groups (groups.yaml) and the child population
table shipped for the sample authority (sample_authority.yaml). Only loading lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Group:
    name: str
    children: str  # how a sentence names its children
    codes: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Groups:
    comparison: str
    groups: dict[str, Group]

    def of_code(self) -> dict[str, str]:
        return {code: g.name for g in self.groups.values() for code in g.codes}


@dataclass(frozen=True)
class Population:
    """Children aged 0 to 17 by group for the authority's area, with where the figures come from."""

    area: str
    year: str
    source: str
    licence: str
    children: dict[str, int]
    synthetic: bool = False
    file_name: str = ""
    loaded_by: str = ""
    loaded_at: str = ""
    extra: dict = field(default_factory=dict)


@cache
def ethnic_groups() -> Groups:
    """The view's groups, their DfE codes and the headings a population table may use (groups.yaml)."""
    raw = yaml.safe_load((HERE / "groups.yaml").read_text(encoding="utf-8"))
    groups = {
        name: Group(name, body["children"], tuple(body["codes"]), tuple(str(a) for a in body.get("aliases", ())))
        for name, body in raw["groups"].items()
    }
    if raw["comparison"] not in groups:
        raise ValueError("groups.yaml: the comparison group must be one of the groups")
    return Groups(raw["comparison"], groups)


@cache
def shipped_population() -> Population:
    """The population table shipped for the sample authority (sample_authority.yaml)."""
    raw = yaml.safe_load((HERE / "sample_authority.yaml").read_text(encoding="utf-8"))
    return Population(
        area=raw["area"],
        year=str(raw["year"]),
        source=raw["source"],
        licence=raw["licence"],
        children={k: int(v) for k, v in raw["children"].items()},
        synthetic=bool(raw.get("synthetic", False)),
        file_name="reference/population/sample_authority.yaml",
    )
