"""One signed-in user per role, for tests that call workflows directly (they refuse anyone else)."""

from core.access import User

ANALYST = User("analyst", "analyst")
SERVICE_MANAGER = User("sm", "service_manager")
PANEL_MEMBER = User("panel member", "panel")


def team_manager(*teams: str) -> User:
    return User("tm", "team_manager", teams)


def signed_in(at, user: User):
    """An AppTest whose session is signed in as `user` (as after the sign-in form), not yet run."""
    import time

    from pages import SESSION_KEY, Session

    at.session_state[SESSION_KEY] = Session(user, time.time(), "local")
    return at
