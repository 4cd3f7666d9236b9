"""Local accounts: an argon2 hash in the store, wrong passwords refused, failures rate-limited and recorded."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.access import User
from store.tables import sign_in_attempts, users
from workflows.users import (
    FAILURE_WINDOW,
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    NewAccount,
    SignInRefused,
    add_account,
    remove_account,
    sign_in,
)

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def accounts(engine):
    add_account(engine, NewAccount("tom", "team_manager", ("Team A", "Team B")), PASSWORD)
    add_account(engine, NewAccount("ann", "analyst"), PASSWORD)
    return engine


def attempts(engine) -> list[tuple[str, str, bool]]:
    with engine.connect() as conn:
        query = sa.select(sign_in_attempts.c.account, sign_in_attempts.c.address, sign_in_attempts.c.succeeded)
        return [tuple(r) for r in conn.execute(query.order_by(sign_in_attempts.c.id))]


def test_the_store_holds_an_argon2id_hash_never_the_password(accounts):
    with accounts.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash).where(users.c.name == "tom")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_the_right_password_signs_in_with_the_accounts_role_and_teams(accounts):
    assert sign_in(accounts, "tom", PASSWORD, "10.0.0.1", NOW) == User("tom", "team_manager", ("Team A", "Team B"))
    assert attempts(accounts) == [("tom", "10.0.0.1", True)]


def test_a_wrong_password_or_unknown_name_is_refused_without_saying_which(accounts):
    for name, password in (("tom", "wrong password!!"), ("nobody", PASSWORD)):
        with pytest.raises(SignInRefused) as refused:
            sign_in(accounts, name, password, "10.0.0.1", NOW)
        assert str(refused.value).startswith("That name and password do not match an account.")
    assert attempts(accounts) == [("tom", "10.0.0.1", False), ("nobody", "10.0.0.1", False)]


def test_after_five_failures_even_the_right_password_waits_out_the_window(accounts):
    for minute in range(MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(SignInRefused, match="do not match"):
            sign_in(accounts, "tom", "wrong password!!", f"10.0.0.{minute}", NOW + timedelta(minutes=minute))
    later = NOW + timedelta(minutes=MAX_FAILURES_PER_ACCOUNT)
    with pytest.raises(SignInRefused, match="Too many failed sign-ins: wait 10 minutes"):
        sign_in(accounts, "tom", PASSWORD, "10.0.0.99", later)
    assert sign_in(accounts, "ann", PASSWORD, "10.0.0.99", later).name == "ann"  # other accounts are not locked
    after_window = NOW + timedelta(minutes=MAX_FAILURES_PER_ACCOUNT - 1) + FAILURE_WINDOW + timedelta(seconds=1)
    assert sign_in(accounts, "tom", PASSWORD, "10.0.0.99", after_window).name == "tom"


def test_one_address_guessing_across_many_names_is_stopped(accounts):
    for number in range(MAX_FAILURES_PER_ADDRESS):
        with pytest.raises(SignInRefused, match="do not match"):
            sign_in(accounts, f"guess{number}", PASSWORD, "203.0.113.9", NOW)
    with pytest.raises(SignInRefused, match="Too many failed sign-ins"):
        sign_in(accounts, "ann", PASSWORD, "203.0.113.9", NOW)
    assert sign_in(accounts, "ann", PASSWORD, "10.0.0.1", NOW).name == "ann"
    assert attempts(accounts)[-2] == ("ann", "203.0.113.9", False)  # the refused attempt is recorded too


def test_a_removed_account_cannot_sign_in(accounts):
    assert "can no longer sign in" in remove_account(accounts, "ann")
    with pytest.raises(SignInRefused):
        sign_in(accounts, "ann", PASSWORD, "10.0.0.1", NOW)


def test_adding_again_changes_role_and_teams_and_password(accounts):
    assert add_account(accounts, NewAccount("tom", "service_manager"), "a brand new password") == (
        "Updated tom: service manager."
    )
    assert sign_in(accounts, "tom", "a brand new password", "10.0.0.1", NOW) == User("tom", "service_manager")


@pytest.mark.parametrize(
    ("new", "password", "message"),
    [
        (NewAccount("x", "administrator"), PASSWORD, "not a role"),
        (NewAccount("x", "analyst"), "short", "at least 12 characters"),
        (NewAccount("x", "team_manager"), PASSWORD, "needs at least one team"),
    ],
)
def test_accounts_that_would_not_work_are_refused_in_words(engine, new, password, message):
    with pytest.raises(ValueError, match=message):
        add_account(engine, new, password)
