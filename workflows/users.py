"""Local accounts, for a council without an OIDC provider: argon2 hashes, rate-limited sign-in.

    python -m workflows.users add NAME --role ROLE [--team TEAM ...]   (asks for the password twice)
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

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from core.access import ROLES, User
from store.users import (
    account,
    accounts,
    deactivate,
    has_active_accounts,
    recent_failures,
    record_attempt,
    save_account,
)
from workflows import la_code
from workflows.audit import record_failed_sign_in, record_sign_in

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


def add_account(engine: Engine, new: NewAccount, password: str, who: str = COMMAND_LINE) -> str:
    """Create an account (or reset its password, role and teams); returns what happened, in words."""
    User(new.name, new.role, new.teams)  # refuses an unknown role
    name = new.name.strip()
    if not name:
        raise ValueError("An account needs a name.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if new.role == "team_manager" and not new.teams:
        raise ValueError("A team manager needs at least one team (--team), or they would see no child's rows.")
    created = save_account(engine, name, new.role, new.teams, _HASHER.hash(password), who, datetime.now(UTC))
    teams = f" for {', '.join(new.teams)}" if new.teams else ""
    return f"{'Created' if created else 'Updated'} {name}: {ROLES[new.role].title.lower()}{teams}."


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
    since = now - FAILURE_WINDOW
    for limit, failures in (
        (MAX_FAILURES_PER_ACCOUNT, recent_failures(engine, since, MAX_FAILURES_PER_ACCOUNT, account_name=name)),
        (MAX_FAILURES_PER_ADDRESS, recent_failures(engine, since, MAX_FAILURES_PER_ADDRESS, address=address)),
    ):
        if len(failures) >= limit:  # open again when the oldest of these leaves the window
            wait = _minutes_until(_utc(failures[-1]) + FAILURE_WINDOW, now)
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
    record_sign_in(engine, la_code(), found.name, found.role, address)
    return User(found.name, found.role, found.teams)


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


def main(argv: list[str] | None = None) -> int:
    from workflows import store

    parser = argparse.ArgumentParser(prog="python -m workflows.users", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account, or reset its password, role and teams")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--team", action="append", default=[], help="a team manager's team (repeat for several)")
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
            print(add_account(engine, NewAccount(args.name, args.role, tuple(args.team)), password))
        elif args.command == "list":
            for a in accounts(engine):
                teams = f" ({', '.join(a.teams)})" if a.teams else ""
                print(f"{a.name}: {a.role}{teams}{'' if a.active else ', removed'}")
        else:
            print(remove_account(engine, args.name))
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
