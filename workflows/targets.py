"""Changing the indicator catalogue in force: targets, and an analyst's own (local) indicators."""

from __future__ import annotations

import re

from sqlalchemy import Engine

from core.access import User, require
from metrics.catalogue import Catalogue, Indicator, check_indicator
from store.batches import StoreRefused, recompute_all
from store.indicator_settings import add_local_indicator, set_target
from workflows.jobs import RECOMPUTATIONS

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


def change_target(engine: Engine, la_code: str, code: str, target: float | None, user: User, reason: str) -> str:
    require(user, "set_target")
    set_target(engine, la_code, code, target, user.name, reason)
    return f"Target for {code} set to {'none' if target is None else f'{target:g}'}; recorded with your name."


def add_local(engine: Engine, la_code: str, fields: dict, user: User, catalogue: Catalogue) -> tuple[bool, str]:
    """Add an analyst's aggregate indicator (values come from indicator_values uploads) and compute it."""
    require(user, "add_local_indicator")
    who = user.name
    code = str(fields.get("code", "")).strip()
    if not CODE_PATTERN.match(code):
        return False, "The code must be lower case letters, digits and underscores, starting with a letter."
    if code in catalogue.indicators:
        return False, f"{code} is already in the catalogue; choose another code."
    indicator = Indicator(source="indicator_values", local=True, **{**fields, "code": code})
    try:
        check_indicator(indicator, catalogue.themes)
        add_local_indicator(engine, la_code, {**fields, "code": code}, who)
    except (ValueError, StoreRefused) as err:
        return False, str(err)
    recompute_all(engine, la_code, RECOMPUTATIONS, who)
    return True, f"{indicator.title} ({code}) added; its figures come from aggregate values uploaded with that code."
