"""Local accounts and sign-in attempts: the SQL behind workflows/users.py.

Only a hash is stored (the workflow hashes with argon2 before calling here). Accounts are never
deleted, only made inactive, so the names in the audit and in "loaded by" keep meaning someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from settings import setting
from store.batches import record_audit
from store.db import writing
from store.frames import result_frame
from store.tables import batches, sign_in_attempts, user_authorities, user_teams, users


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    teams: tuple[str, ...]
    password_hash: str
    active: bool
    authorities: tuple[str, ...] = ()  # () = only the authority the app is set up for


def account(engine: Engine, name: str) -> Account | None:
    """The account with this name (active or not), or None."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).mappings().first()
        if row is None:
            return None
        teams = conn.execute(
            sa.select(user_teams.c.team).where(user_teams.c.user_id == row["id"]).order_by(user_teams.c.id)
        )
        teams = tuple(dict.fromkeys(teams.scalars()))  # a team is stored once per authority the account sees
        authorities = conn.execute(
            sa.select(user_authorities.c.authority)
            .where(user_authorities.c.user_id == row["id"])
            .order_by(user_authorities.c.id)
        )
        return Account(
            row["name"], row["role"], teams, row["password_hash"], bool(row["active"]), tuple(authorities.scalars())
        )


def accounts(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        names = conn.execute(sa.select(users.c.name).order_by(users.c.name)).scalars().all()
    return [a for a in (account(engine, n) for n in names) if a]


def account_table(engine: Engine) -> pd.DataFrame:
    """Every account (active or not), for the Users and roles page: name, role, teams (a tuple), active,
    created_at, created_by, changed_at, changed_by and last_sign_in (its latest successful sign-in, or
    missing). Never the hash."""
    signed_in = (
        sa.select(sign_in_attempts.c.account, sa.func.max(sign_in_attempts.c.at).label("last_sign_in"))
        .where(sign_in_attempts.c.succeeded.is_(True))
        .group_by(sign_in_attempts.c.account)
        .subquery()
    )
    query = (
        sa.select(
            users.c.id,
            users.c.name,
            users.c.role,
            users.c.active,
            users.c.created_at,
            users.c.created_by,
            users.c.changed_at,
            users.c.changed_by,
            signed_in.c.last_sign_in,
        )
        .select_from(users.outerjoin(signed_in, signed_in.c.account == users.c.name))
        .order_by(users.c.name)
    )
    with engine.connect() as conn:
        frame = result_frame(conn.execute(query))
        teams = result_frame(conn.execute(sa.select(user_teams.c.user_id, user_teams.c.team).order_by(user_teams.c.id)))
    held: dict[int, list[str]] = {}
    for user_id, team in zip(teams["user_id"], teams["team"], strict=True):
        if team not in held.setdefault(int(user_id), []):  # once, though stored per authority
            held[int(user_id)].append(team)
    frame["teams"] = [tuple(held.get(int(i), ())) for i in frame["id"]]
    frame["active"] = frame["active"].astype(bool)
    return frame.drop(columns="id")


def has_active_accounts(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(users.c.id).where(users.c.active).limit(1)).first() is not None


def save_account(
    engine: Engine,
    name: str,
    role: str,
    teams: tuple[str, ...],
    password_hash: str | None,
    who: str,
    at: datetime,
    authorities: tuple[str, ...] = (),
) -> bool:
    """Create the account, or change its role, teams, authorities and (when given) hash; True when it was new."""
    with writing(engine) as conn:
        previous = conn.execute(sa.select(users.c.role).where(users.c.name == name)).scalar_one_or_none()
        found = conn.execute(sa.select(users.c.id).where(users.c.name == name)).scalar_one_or_none()
        if found is None:
            if password_hash is None:
                raise ValueError(f"{name} has no account yet: give a password to create it")
            found = conn.execute(
                users.insert().values(
                    name=name, role=role, password_hash=password_hash, active=True, created_by=who, created_at=at
                )
            ).inserted_primary_key[0]
            new = True
        else:
            values = dict(role=role, active=True, changed_by=who, changed_at=at)
            if password_hash is not None:
                values["password_hash"] = password_hash
            conn.execute(users.update().where(users.c.id == found).values(**values))
            conn.execute(user_teams.delete().where(user_teams.c.user_id == found))
            conn.execute(user_authorities.delete().where(user_authorities.c.user_id == found))
            new = False
        for team in teams:  # once for each authority the account sees: row-level security shows each its own
            for authority in authorities or (_la_code(),):
                conn.execute(user_teams.insert().values(user_id=found, team=team, la_code=authority))
        for authority in authorities:
            conn.execute(user_authorities.insert().values(user_id=found, authority=authority))
        for_teams = f" for {', '.join(teams)}" if teams else ""
        if authorities:
            for_teams += f", seeing {', '.join(authorities)}"
        if new:
            record_audit(conn, who, _la_code(), "add_account", None, f"{name}: a {role} account{for_teams}")
        else:
            password = "; password changed" if password_hash is not None else ""
            change = f"{name}: role {previous} -> {role}{for_teams}{password}"
            record_audit(conn, who, _la_code(), "change_account", None, change)
        return new


def deactivate(engine: Engine, name: str, who: str, at: datetime) -> bool:
    """Stop the account signing in (kept for the audit); False when there is no such account."""
    with writing(engine) as conn:
        done = conn.execute(
            users.update().where(users.c.name == name).values(active=False, changed_by=who, changed_at=at)
        )
        if done.rowcount:
            record_audit(conn, who, _la_code(), "deactivate_account", None, f"{name}: can no longer sign in")
        return done.rowcount > 0


def _la_code() -> str:
    """Accounts serve the whole app; their changes are audited under the authority it is set up for."""
    return setting("CSC_LA_CODE").strip()


def record_attempt(engine: Engine, account_name: str, address: str, succeeded: bool, at: datetime) -> None:
    with writing(engine) as conn:
        conn.execute(
            sign_in_attempts.insert().values(at=at, account=account_name, address=address, succeeded=succeeded)
        )


def recent_failures(
    engine: Engine, since: datetime, limit: int, *, account_name: str | None = None, address: str | None = None
) -> list[datetime]:
    """The times of up to `limit` failed attempts after `since` for the account or the address, newest first."""
    where = [sign_in_attempts.c.at > since, sign_in_attempts.c.succeeded.is_(False)]
    if account_name is not None:
        where.append(sign_in_attempts.c.account == account_name)
    if address is not None:
        where.append(sign_in_attempts.c.address == address)
    query = sa.select(sign_in_attempts.c.at).where(*where).order_by(sign_in_attempts.c.at.desc()).limit(limit)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def failing_addresses(engine: Engine, since: datetime, at_least: int) -> list[str]:
    """Addresses with at least `at_least` failed attempts after `since` (candidates for the address limit)."""
    failures = sa.func.count(sign_in_attempts.c.id)
    query = (
        sa.select(sign_in_attempts.c.address)
        .where(sign_in_attempts.c.at > since, sign_in_attempts.c.succeeded.is_(False))
        .group_by(sign_in_attempts.c.address)
        .having(failures >= at_least)
        .order_by(sign_in_attempts.c.address)
    )
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def holds_uploaded_data(engine: Engine, sample_loader: str) -> bool:
    """Whether any authority's batch (current or not) was loaded by someone other than the sample generator."""
    with engine.connect() as conn:
        query = sa.select(batches.c.id).where(batches.c.loaded_by != sample_loader).limit(1)
        return conn.execute(query).first() is not None
