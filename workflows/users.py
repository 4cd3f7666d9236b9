"""Local accounts, for a council without an OIDC provider: argon2 hashes, rate-limited sign-in.

    python -m workflows.users add NAME --role ROLE [--team TEAM ...] [--authority CODE ...]
                                                                       (asks for the password twice)
    python -m workflows.users list
    python -m workflows.users remove NAME

A password is hashed at once (argon2id, argon2-cffi's defaults) and never stored, logged or shown.
Failed sign-ins are recorded and limited per account and per address, so guessing is slow even when
spread over many names or many machines. A locked account says so in words, with when to try again.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from core.access import ACTIONS, ROLES, User, require
from store.users import (
    account,
    account_table,
    accounts,
    deactivate,
    failing_addresses,
    has_active_accounts,
    recent_failures,
    record_attempt,
    save_account,
)
from workflows import la_code
from workflows.audit import record_failed_sign_in, record_sign_in
from workflows.signin import DEFAULT_GROUP_CLAIMS, RolesFile, mapped_users, read_roles_file, roles_file_path

MIN_PASSWORD_LENGTH = 12
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5  # within FAILURE_WINDOW, then the account waits out the window
MAX_FAILURES_PER_ADDRESS = 20  # within FAILURE_WINDOW, across every account tried from one address
COMMAND_LINE = "command line"  # "who" for accounts made with the command

_HASHER = PasswordHasher()
# Checked when the name is unknown too, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password anyone has")


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message is safe to show (it never says which part was wrong)."""


@dataclass(frozen=True)
class NewAccount:
    name: str
    role: str
    teams: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()  # a regional analyst's several; () = only the app's own (CSC_LA_CODE)


def add_account(engine: Engine, new: NewAccount, password: str, who: str = COMMAND_LINE) -> str:
    """Create an account (or reset its password, role, teams and authorities); returns what happened, in words."""
    User(new.name, new.role, new.teams, new.authorities)  # refuses an unknown role or a malformed authority code
    name = new.name.strip()
    if not name:
        raise ValueError("An account needs a name.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if new.role == "team_manager" and not new.teams:
        raise ValueError("A team manager needs at least one team (--team), or they would see no child's rows.")
    authorities = tuple(dict.fromkeys(new.authorities))  # once each, in the order given (the first is shown first)
    created = save_account(
        engine, name, new.role, new.teams, _HASHER.hash(password), who, datetime.now(UTC), authorities
    )
    teams = f" for {', '.join(new.teams)}" if new.teams else ""
    sees = f", seeing {', '.join(authorities)}" if authorities else ""
    return f"{'Created' if created else 'Updated'} {name}: {ROLES[new.role].title.lower()}{teams}{sees}."


def remove_account(engine: Engine, name: str, who: str = COMMAND_LINE) -> str:
    if not deactivate(engine, name, who, datetime.now(UTC)):
        raise ValueError(f"There is no account called {name}.")
    return f"{name} can no longer sign in (the account is kept for the audit)."


def local_accounts_exist(engine: Engine) -> bool:
    return has_active_accounts(engine)


def sign_in(engine: Engine, name: str, password: str, address: str, now: datetime | None = None) -> User:
    """The account's User when the password matches and neither limit is reached; else SignInRefused.

    Every attempt is recorded (for the limits, and in the audit), including those refused by a limit.
    """
    now = now or datetime.now(UTC)
    name, address = name.strip(), address or "unknown"
    for until in (_account_locked_until(engine, name, now), _address_locked_until(engine, address, now)):
        if until is not None:
            wait = _minutes_until(until, now)
            _refuse(
                engine,
                name,
                address,
                now,
                f"Too many failed sign-ins: wait {wait} minute{'s' if wait != 1 else ''} before trying again, "
                "or ask an analyst to reset your password.",
            )
    found = account(engine, name)
    if not _verified(found.password_hash if found else _DUMMY_HASH, password) or not (found and found.active):
        _refuse(engine, name, address, now, "That name and password do not match an account. Check both and try again.")
    record_attempt(engine, name, address, True, now)
    user = User(found.name, found.role, found.teams, found.authorities)
    record_sign_in(engine, user.sees[0], found.name, found.role, address)
    return user


def _account_locked_until(engine: Engine, name: str, now: datetime) -> datetime | None:
    """When the account may try again, while it has had too many failed sign-ins; else None."""
    failures = recent_failures(engine, now - FAILURE_WINDOW, MAX_FAILURES_PER_ACCOUNT, account_name=name)
    return _until(failures, MAX_FAILURES_PER_ACCOUNT)


def _address_locked_until(engine: Engine, address: str, now: datetime) -> datetime | None:
    failures = recent_failures(engine, now - FAILURE_WINDOW, MAX_FAILURES_PER_ADDRESS, address=address)
    return _until(failures, MAX_FAILURES_PER_ADDRESS)


def _until(failures: list[datetime], limit: int) -> datetime | None:
    """Open again when the oldest of the newest `limit` failures leaves the window."""
    return _utc(failures[-1]) + FAILURE_WINDOW if len(failures) >= limit else None


def _refuse(engine: Engine, name: str, address: str, now: datetime, message: str) -> None:
    record_attempt(engine, name, address, False, now)
    record_failed_sign_in(engine, la_code(), name, address, message)
    raise SignInRefused(message)


def _verified(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite returns naive UTC


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(1, -(-int((moment - now).total_seconds()) // 60))


@dataclass(frozen=True)
class RolesView:
    """What the Users and roles page shows an analyst: who can sign in, as what, and how."""

    accounts: pd.DataFrame  # local accounts, headings in words
    refused_addresses: pd.DataFrame  # addresses refused for too many failed sign-ins, until when
    mapping: pd.DataFrame  # the roles file: e-mail address or group -> role, teams
    roles_file: str  # where the roles file is read from
    group_claims: tuple[str, ...]
    problem: str = ""  # the roles file could not be read: why, in words


ROLE_COLUMNS = ["Role", "Sees", "May"]
ACCOUNT_COLUMNS = ["Account", "Role", "Teams", "Created", "Created by", "Last sign-in", "State"]
MAPPING_COLUMNS = ["E-mail address or group", "Matched on", "Role", "Teams"]


def roles_view(engine: Engine, user: User, now: datetime | None = None, roles_file: Path | None = None) -> RolesView:
    """Local accounts (role, teams, created, last sign-in, locked or removed) and the roles file's mapping.

    Analysts only (`view_roles`): the page lists everyone who may see children's records. Read only:
    accounts change with the `users` command, the mapping in the roles file.
    """
    require(user, "view_roles")
    now = now or datetime.now(UTC)
    found = account_table(engine)
    states = [
        _account_state(engine, name, bool(active), now)
        for name, active in zip(found["name"], found["active"], strict=True)
    ]
    accounts_shown = pd.DataFrame(
        {
            "Account": found["name"],
            "Role": found["role"].map(lambda r: ROLES[r].title if r in ROLES else r),
            "Teams": found["teams"].map(", ".join),
            "Created": found["created_at"].map(_when),
            "Created by": found["created_by"],
            "Last sign-in": found["last_sign_in"].map(lambda w: _when(w) or "never"),
            "State": states,
        },
        columns=ACCOUNT_COLUMNS,
    )
    refused = []
    for address in failing_addresses(engine, now - FAILURE_WINDOW, MAX_FAILURES_PER_ADDRESS):
        until = _address_locked_until(engine, address, now)
        if until is not None and until > now:
            refused.append((address, _when(until)))
    path = roles_file or roles_file_path()
    try:
        mapping = read_roles_file(path)
        problem = ""
    except (ValueError, yaml.YAMLError, OSError) as err:
        mapping, problem = RolesFile({}, {}, DEFAULT_GROUP_CLAIMS), f"The roles file {path} cannot be read: {err}"
    mapped = [(key, kind, u.title, ", ".join(u.teams)) for key, kind, u in mapped_users(mapping)]
    return RolesView(
        accounts_shown,
        pd.DataFrame(refused, columns=["Address", "Refused until (UTC)"]),
        pd.DataFrame(mapped, columns=MAPPING_COLUMNS),
        str(path),
        mapping.group_claims,
        problem,
    )


def role_table() -> pd.DataFrame:
    """The four roles, what each sees and may do, in words (the issue's table, from core/access.py)."""
    return pd.DataFrame(
        [
            (
                role.title,
                role.sees,
                "; ".join(ACTIONS[a] for a in ACTIONS if a in role.may and not a.startswith("see_")),
            )
            for role in ROLES.values()
        ],
        columns=ROLE_COLUMNS,
    )


def _account_state(engine: Engine, name: str, active: bool, now: datetime) -> str:
    if not active:
        return "Removed: cannot sign in"
    until = _account_locked_until(engine, name, now)
    if until is not None and until > now:
        return f"Locked until {_when(until)} UTC: {MAX_FAILURES_PER_ACCOUNT} failed sign-ins"
    return "Can sign in"


def _when(moment) -> str:
    if moment is None or pd.isna(moment):
        return ""
    return _utc(pd.Timestamp(moment).to_pydatetime()).astimezone(UTC).strftime("%d/%m/%Y %H:%M")


def main(argv: list[str] | None = None) -> int:
    from workflows import store

    parser = argparse.ArgumentParser(prog="python -m workflows.users", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account, or reset its password, role and teams")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--team", action="append", default=[], help="a team manager's team (repeat for several)")
    add.add_argument(
        "--authority",
        action="append",
        default=[],
        help="an authority (la_code) the account may see, the first shown first (repeat for several; "
        "none: only CSC_LA_CODE)",
    )
    commands.add_parser("list", help="every account, its role and teams")
    remove = commands.add_parser("remove", help="stop an account signing in")
    remove.add_argument("name")
    args = parser.parse_args(argv)
    engine = store()
    try:
        if args.command == "add":
            password = getpass.getpass(f"Password for {args.name}: ")
            if getpass.getpass("Type it again: ") != password:
                raise ValueError("The two passwords differ; nothing was changed.")
            new = NewAccount(args.name, args.role, tuple(args.team), tuple(args.authority))
            print(add_account(engine, new, password))
        elif args.command == "list":
            for a in accounts(engine):
                teams = f" ({', '.join(a.teams)})" if a.teams else ""
                sees = f", sees {', '.join(a.authorities)}" if a.authorities else ""
                print(f"{a.name}: {a.role}{teams}{sees}{'' if a.active else ', removed'}")
        else:
            print(remove_account(engine, args.name))
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
