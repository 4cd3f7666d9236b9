"""Many authorities (issue 18): who may see which, from the roles file and local accounts; the server's
check refuses (and audits) an authority a user may not see, on SQLite too, which has no row-level security."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.access import NotAllowed, User, may_see_authority, require_authority
from store.db import open_store
from store.tables import access_log
from workflows.authorities import authority_names, open_authority, record_authority_choice
from workflows.signin import read_roles_file, user_from_claims
from workflows.users import NewAccount, add_account, sign_in

HOME, NEIGHBOUR, STRANGER = "E06000039", "E06000036", "E09000001"
REGIONAL = User("regional analyst", "analyst", authorities=(NEIGHBOUR, HOME))


@pytest.fixture
def engine(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield engine
    engine.dispose()


def _access(engine) -> list[tuple[str, str, str, str]]:
    with engine.connect() as conn:
        query = sa.select(access_log.c.la_code, access_log.c.who, access_log.c.event, access_log.c.what)
        return [tuple(row) for row in conn.execute(query.order_by(access_log.c.id))]


def test_a_user_without_authorities_sees_only_the_configured_one(monkeypatch):
    monkeypatch.setenv("CSC_LA_CODE", NEIGHBOUR)
    user = User("a", "analyst")
    assert user.sees == (NEIGHBOUR,)
    assert may_see_authority(user, NEIGHBOUR) and not may_see_authority(user, HOME)


def test_a_regional_user_sees_their_authorities_first_one_first():
    assert REGIONAL.sees == (NEIGHBOUR, HOME)
    require_authority(REGIONAL, HOME)
    with pytest.raises(NotAllowed, match=f"may not see {STRANGER}'s data: only {NEIGHBOUR}, {HOME}"):
        require_authority(REGIONAL, STRANGER)


def test_a_malformed_authority_code_is_refused():
    with pytest.raises(ValueError, match="not an authority code"):
        User("x", "analyst", authorities=("E06000039,E09000001",))
    with pytest.raises(ValueError, match="not an authority code"):
        User("x", "analyst", authorities=("*",))


def test_the_roles_file_gives_a_person_or_group_several_authorities(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text(
        "people:\n"
        f"  hub@region.gov.uk: {{role: analyst, authorities: [{NEIGHBOUR}, {HOME}]}}\n"
        "  own@council.gov.uk: {role: service_manager}\n"
        f"groups:\n  hub-panel: {{role: panel, authorities: {STRANGER}}}\n",
        encoding="utf-8",
    )
    roles = read_roles_file(path)
    assert user_from_claims({"email": "hub@region.gov.uk"}, roles).sees == (NEIGHBOUR, HOME)
    assert user_from_claims({"email": "own@council.gov.uk"}, roles).authorities == ()
    assert user_from_claims({"email": "p@x", "groups": ["hub-panel"]}, roles).sees == (STRANGER,)


def test_the_roles_file_refuses_a_malformed_authority_at_once(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("people:\n  a@b: {role: analyst, authorities: [Hartlepool]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'Hartlepool' is not an authority code"):
        read_roles_file(path)


def test_a_local_account_keeps_its_authorities_and_signs_in_with_them(engine):
    said = add_account(
        engine, NewAccount("hub", "analyst", authorities=(NEIGHBOUR, HOME, NEIGHBOUR)), "a long password 1"
    )
    assert said == f"Created hub: analyst, seeing {NEIGHBOUR}, {HOME}."
    user = sign_in(engine, "hub", "a long password 1", "10.0.0.1")
    assert user.sees == (NEIGHBOUR, HOME)
    add_account(engine, NewAccount("hub", "analyst"), "a long password 2")  # changed back: the app's own only
    assert sign_in(engine, "hub", "a long password 2", "10.0.0.1").authorities == ()
    assert _access(engine)[0][:3] == (NEIGHBOUR, "hub", "sign_in")  # under the authority they start on


def test_opening_an_authority_the_user_may_not_see_is_refused_and_audited(engine):
    assert open_authority(engine, REGIONAL, HOME, "overview") == HOME
    with pytest.raises(NotAllowed, match=STRANGER):
        open_authority(engine, REGIONAL, STRANGER, "overview")
    ((la_code, who, event, what),) = _access(engine)
    assert (la_code, who, event) == (NEIGHBOUR, "regional analyst", "authority_refused")
    assert what.startswith(f"asked for {STRANGER}: refused")


def test_moving_to_another_authority_is_audited_under_it(engine):
    record_authority_choice(engine, REGIONAL, HOME, "overview")
    assert _access(engine) == [(HOME, "regional analyst", "authority", f"chose {HOME}")]
    with pytest.raises(NotAllowed):
        record_authority_choice(engine, REGIONAL, STRANGER, "overview")
    assert [row[2] for row in _access(engine)] == ["authority", "authority_refused"]


def test_authorities_are_named_from_the_published_tables(engine):
    from workflows.benchmarks import ensure_shipped_benchmarks

    ensure_shipped_benchmarks(engine)
    names = authority_names(engine, (HOME, "E99999999"))
    assert names["E99999999"] == "E99999999"  # not published: the code alone
    assert names[HOME].endswith(f"({HOME})") and len(names[HOME]) > len(HOME) + 3
