"""Who may see and do what: the four roles of issue 15, declared once as data, and the one check.

Pages hide what a role may not use, but a URL or a stale session can still reach it, so workflows take
the signed-in `User` and call `require` themselves: no page can forget a check. A refusal is a
`NotAllowed` whose message a person can read ("A team manager may not load files: ask an analyst.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from settings import setting

ACTIONS: dict[str, str] = {  # action -> what it is, in words for a refusal
    "see_panel_views": "see the panel's suppressed figures",
    "see_aggregates": "see the dashboard's figures",
    "see_team_rows": "see lists of children or workers",
    "see_all_rows": "see every team's lists of children and workers",
    "load": "load files into the store",
    "revert": "revert a month to an earlier file",
    "withdraw": "withdraw a loaded file",
    "set_target": "set an indicator's target",
    "mark_change_point": "mark or remove a change point",
    "import_benchmarks": "import the DfE's published tables",
    "add_local_indicator": "add a local indicator",
    "sign_off": "sign off a month's figures for the panel",
    "set_priorities": "change the panel's priorities",
    "view_roles": "see who has which role",
    "read_audit": "read the audit of who saw and did what",
    "record_action": "agree or update surgery actions",
    "write_commentary": "write commentary on a figure",
    "surgery_pack": "download a surgery pack",
    "panel_pack": "download the panel pack",
}

_SEEING = ("see_panel_views", "see_aggregates", "see_team_rows", "see_all_rows")


@dataclass(frozen=True)
class Role:
    title: str
    sees: str  # the wording, shown on the About page and in the README
    may: frozenset[str]
    team_only: bool = False  # child- and worker-level rows of the user's own team(s) only


ROLES: dict[str, Role] = {
    "analyst": Role(
        "Analyst",
        "everything",
        frozenset(
            {
                *_SEEING,
                "load",
                "revert",
                "withdraw",
                "set_target",
                "mark_change_point",
                "import_benchmarks",
                "add_local_indicator",
                "sign_off",
                "set_priorities",
                "view_roles",
                "read_audit",
                "surgery_pack",
                "panel_pack",
            }
        ),
    ),
    "service_manager": Role(
        "Service manager",
        "every figure and every child- and worker-level list",
        frozenset({*_SEEING, "record_action", "write_commentary", "surgery_pack", "panel_pack"}),
    ),
    "team_manager": Role(
        "Team manager",
        "every figure; child- and worker-level rows of their own team(s) only",
        frozenset({"see_panel_views", "see_aggregates", "see_team_rows", "record_action", "write_commentary"}),
        team_only=True,
    ),
    "panel": Role(
        "Panel member",
        "the panel's suppressed figures, the easy read page and the panel pack; never a child or worker ID",
        frozenset({"see_panel_views", "panel_pack"}),
    ),
}

# Every page file (pages/<name>.py) and what its viewer must be allowed; a test checks none is missing.
PAGES: dict[str, str] = {
    "overview": "see_aggregates",
    "workforce": "see_aggregates",
    "social_worker_changes": "see_aggregates",
    "health_assessments": "see_aggregates",
    "placements": "see_aggregates",
    "care_leavers": "see_aggregates",
    "other_themes": "see_aggregates",
    "help_and_protection": "see_aggregates",
    "benchmarking": "see_aggregates",
    "indicators": "see_aggregates",
    "surgery": "see_team_rows",
    "data_quality": "see_all_rows",
    "check": "load",
    "history": "revert",
    "panel": "see_panel_views",
    "easy_read": "see_panel_views",
    "dictionary": "see_panel_views",
    "home": "see_panel_views",
    "accessibility": "see_panel_views",
    "audit": "read_audit",
    "users": "view_roles",
}


@dataclass(frozen=True)
class User:
    name: str
    role: str
    teams: tuple[str, ...] = ()
    # The authorities (la_code) whose data the user may see, a regional analyst's several; () means only
    # the authority the app is set up for (CSC_LA_CODE), read when asked so a test or replica may change it.
    authorities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"'{self.role}' is not a role: use one of {', '.join(ROLES)}")
        for code in self.authorities:
            if not AUTHORITY_CODE.fullmatch(code):
                raise ValueError(f"'{code}' is not an authority code: use a new-style code such as E06000039")

    @property
    def title(self) -> str:
        return ROLES[self.role].title

    @property
    def sees(self) -> tuple[str, ...]:
        """The authorities the user may see, the first being the one they start on."""
        return self.authorities or (setting("CSC_LA_CODE").strip(),)


AUTHORITY_CODE = re.compile(r"[A-Z][0-9]{8}")  # ONS new-style codes (E06000039, W06000015...): no comma, no '*'


class NotAllowed(PermissionError):
    """A role asked for something the table above does not give it; the message says so in words."""

    def __init__(self, user: User, action: str, detail: str = "") -> None:
        what = detail or ACTIONS[action]
        allowed = [ROLES[r].title.lower() for r in ROLES if action in ROLES[r].may]
        ask = f" Ask {_a(allowed[0])}." if allowed and not detail else ""
        super().__init__(f"Your role ({user.title.lower()}) may not {what}.{ask}")
        self.action = action


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def may(user: User, action: str) -> bool:
    """Whether the user's role may take the action (an unknown action is a bug, not a refusal)."""
    if action not in ACTIONS:
        raise KeyError(f"{action} is not a declared action")
    return action in ROLES[user.role].may


def require(user: User, action: str) -> None:
    """Refuse, with a typed error in words, what the user's role may not do."""
    if not may(user, action):
        raise NotAllowed(user, action)


def may_see_page(user: User, page: str) -> bool:
    """Whether the user may open pages/<page>.py; a page missing from PAGES is shown to nobody."""
    return page in PAGES and may(user, PAGES[page])


def team_scope(user: User) -> tuple[str, ...] | None:
    """The teams whose child- and worker-level rows the user may see: None for every team.

    Refuses a role that may see no such rows at all (the panel).
    """
    require(user, "see_team_rows")
    return user.teams if ROLES[user.role].team_only else None


def teams_for(user: User, teams: list[str]) -> list[str]:
    """The teams (of `teams`) whose lists the user may open: a team manager's own, everyone else's all."""
    scope = team_scope(user)
    return list(teams) if scope is None else [t for t in teams if t in scope]


def require_team(user: User, team: str, action: str) -> None:
    """Refuse an action on one team's rows (a list, an action, commentary) outside the user's teams."""
    require(user, action)
    if ROLES[user.role].team_only and team not in user.teams:
        raise NotAllowed(user, action, f"{ACTIONS[action]} for {team}: only for {', '.join(user.teams) or 'no team'}")


def may_see_authority(user: User, la_code: str) -> bool:
    """Whether the user may see anything stored for the authority (a regional analyst: several)."""
    return la_code in user.sees


def require_authority(user: User, la_code: str) -> None:
    """Refuse, in words, any read or change of an authority the user may not see (a stale session, a URL)."""
    if not may_see_authority(user, la_code):
        raise NotAllowed(user, "see_aggregates", f"see {la_code}'s data: only {', '.join(user.sees)}")
