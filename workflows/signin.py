"""Who is signed in: roles from an OIDC identity's claims, the sample demo, and the idle timeout.

With an OIDC provider (an [auth] section in .streamlit/secrets.toml) the identity is the provider's;
its role comes from the roles file the council edits (CSC_ROLES_FILE): an e-mail address, or else a
group or role claim, maps to a role, a team manager to their team(s), and a regional analyst to the
authorities they may see (`authorities`; none: only CSC_LA_CODE). Nobody gets a role by
default. Without a provider, local accounts (workflows/users.py) sign in with a password.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy import Engine

from core.access import User
from settings import setting
from store.users import has_active_accounts, holds_uploaded_data
from workflows.first_run import SAMPLE_LOADER

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_USER = User("demo analyst (sample data)", "analyst")
DEFAULT_GROUP_CLAIMS = ("groups", "roles")  # Entra ID sends group object IDs in "groups", app roles in "roles"


class NoRole(Exception):
    """A signed-in identity the roles file gives no role: refused, in words."""


@dataclass(frozen=True)
class RolesFile:
    people: Mapping[str, Mapping]  # e-mail (lower case) -> {role, teams}
    groups: Mapping[str, Mapping]  # group or role claim value -> {role, teams}; first match in file order wins
    group_claims: tuple[str, ...]


def roles_file_path() -> Path:
    path = Path(setting("CSC_ROLES_FILE")).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def read_roles_file(path: Path | None = None) -> RolesFile:
    """The council's mapping; a missing file maps nobody (every OIDC sign-in is then refused, in words)."""
    path = path or roles_file_path()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = data or {}
    claims = data.get("group_claims") or DEFAULT_GROUP_CLAIMS
    people = {str(k).strip().lower(): v for k, v in (data.get("people") or {}).items()}
    groups = {str(k).strip(): v for k, v in (data.get("groups") or {}).items()}
    for entry in (*people.values(), *groups.values()):
        _user_from("check", entry)  # a typo in a role fails at once, not at someone's sign-in
    return RolesFile(people, groups, tuple(claims) if isinstance(claims, list | tuple) else (str(claims),))


def user_from_claims(claims: Mapping, roles: RolesFile) -> User:
    """The User an OIDC identity signs in as: by e-mail first, else by the first group in the file's order."""
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip()
    name = email or str(claims.get("name") or claims.get("sub") or "")
    if email.lower() in roles.people:
        return _user_from(name, roles.people[email.lower()])
    held = set()
    for claim in roles.group_claims:
        value = claims.get(claim) or []
        held |= {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
    for group, entry in roles.groups.items():
        if group in held:
            return _user_from(name, entry)
    raise NoRole(
        f"You are signed in as {name or 'an unnamed identity'}, but this dashboard gives that account no role. "
        "Ask the dashboard's administrator to add you (or a group you are in) to the roles file."
    )


def mapped_users(roles: RolesFile) -> list[tuple[str, str, User]]:
    """Every entry of the roles file, in the order sign-in tries them: (e-mail address or group, what it
    matches on, the role and teams it gives)."""
    return [(email, "e-mail address", _user_from(email, entry)) for email, entry in roles.people.items()] + [
        (group, "group or role claim", _user_from(group, entry)) for group, entry in roles.groups.items()
    ]


def _user_from(name: str, entry: Mapping) -> User:
    if not isinstance(entry, Mapping) or "role" not in entry:
        raise ValueError(f"Each entry in the roles file needs a role: {entry!r}")
    return User(name, str(entry["role"]), _listed(entry, "teams"), _listed(entry, "authorities"))


def _listed(entry: Mapping, key: str) -> tuple[str, ...]:
    """A list the roles file may also write as one value: `teams: [A, B]` or `teams: A`."""
    values = entry.get(key) or []
    return tuple(str(v).strip() for v in (values if isinstance(values, list) else [values]))


def demo_allowed(engine: Engine, provider_configured: bool) -> bool:
    """The sample demo runs signed in as DEMO_USER: sample data on, no provider, no accounts, and
    nothing but the synthetic sample ever loaded. A store holding uploaded data always asks who you are."""
    return (
        setting("CSC_SAMPLE_DATA").strip().lower() != "off"
        and not provider_configured
        and not has_active_accounts(engine)
        and not holds_uploaded_data(engine, SAMPLE_LOADER)
    )


def idle_minutes() -> float:
    """CSC_IDLE_MINUTES; a malformed or non-positive value falls back to the default, never to 'never'."""
    try:
        minutes = float(setting("CSC_IDLE_MINUTES"))
    except ValueError:
        minutes = 0
    return minutes if minutes > 0 else 30.0


def timed_out(last_seen: float, now: float) -> bool:
    """Whether a session last used at `last_seen` (seconds) has been idle longer than the setting allows."""
    return now - last_seen > idle_minutes() * 60
