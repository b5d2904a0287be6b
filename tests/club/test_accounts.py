"""Accounts, sign-in limits, sessions and consent of the multi-user server (``strideguard.club``), on both databases.

The limits are the ones the module states: 5 failed sign-ins per user name and 20 per client address in
15 minutes; sessions end after 7 days unused or 30 days in all, on sign-out, on a password change and
when the account is removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest

from strideguard.club import Club
from strideguard.club.accounts import ADDRESS_LIMIT, IDLE, LIFETIME, USER_LIMIT, WINDOW, Accounts, User
from strideguard.errors import AccessRefused, ConflictError, InputError, NotFoundError
from strideguard.store.runners import Access

pytestmark = pytest.mark.both_databases

PASSWORD = "a long pass phrase"


class Clock:
    """A settable clock for the accounts (UTC, naive, as stored)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def club(new_db: Callable[..., str]) -> Iterator[Club]:
    target = new_db("server", migrated=False)
    with Club.open(target if "://" in target else f"sqlite:///{target}") as made:
        yield made


@pytest.fixture()
def clock(club: Club) -> Clock:
    moment = Clock()
    club.accounts = Accounts(club.db, club.runners, clock=moment)
    return moment


def test_accounts_are_added_listed_and_removed(club: Club) -> None:
    assert club.accounts.add("Ana", "runner", PASSWORD) == {
        "username": "ana",  # names are kept in lower case
        "role": "runner",
        "created_at": club.accounts.every()[0]["created_at"],
    }
    club.accounts.add("kim", "coach", PASSWORD)
    club.accounts.add("boss", "admin", PASSWORD)
    assert [(u["username"], u["role"]) for u in club.accounts.every()] == [
        ("ana", "runner"),
        ("boss", "admin"),
        ("kim", "coach"),
    ]
    ana = club.accounts.by_name("ana")
    assert ana is not None and ana.data_key is not None and club.runners.exists(ana.data_key)
    assert club.accounts.by_name("kim").data_key is None  # type: ignore[union-attr]  # only runners keep data
    with pytest.raises(ConflictError, match="taken"):
        club.accounts.add("ANA", "coach", PASSWORD)
    with pytest.raises(ConflictError, match="last admin"):
        club.accounts.remove("boss")
    removed = club.accounts.remove("ana")
    assert removed["removed"] and removed["data"] and club.runners.exists(ana.data_key)  # kept unless asked
    again = club.accounts.add("ana", "runner", PASSWORD)
    assert again["username"] == "ana"
    fresh = club.accounts.by_name("ana")
    assert fresh is not None and fresh.data_key != ana.data_key and fresh.id != ana.id  # never the old data
    club.accounts.remove("ana", delete_data=True)
    assert not club.runners.exists(fresh.data_key)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        club.accounts.remove("ana")


@pytest.mark.parametrize(
    ("name", "role", "password", "field"),
    [
        ("a", "runner", PASSWORD, "username"),
        ("ana smith", "runner", PASSWORD, "username"),
        ("../etc", "runner", PASSWORD, "username"),
        ("ana", "doctor", PASSWORD, "role"),
        ("ana", "runner", "short", "password"),
        ("ana", "runner", "ana       ", "password"),  # 10 characters, but the name
    ],
)
def test_bad_accounts_are_refused_naming_the_field(club: Club, name: str, role: str, password: str, field: str) -> None:
    with pytest.raises(InputError) as refused:
        club.accounts.add(name, role, password)
    assert refused.value.field == field
    assert club.accounts.every() == []


def test_sign_in_and_sessions(club: Club, clock: Clock) -> None:
    club.accounts.add("ana", "runner", PASSWORD)
    with pytest.raises(AccessRefused) as wrong:
        club.accounts.sign_in("ana", "not the password", "10.0.0.1")
    assert wrong.value.status == 401
    with pytest.raises(AccessRefused) as unknown:
        club.accounts.sign_in("nobody", PASSWORD, "10.0.0.1")
    assert unknown.value.status == 401 and str(unknown.value) == str(wrong.value)  # no account probing
    user, token = club.accounts.sign_in("ANA", PASSWORD, "10.0.0.1")
    assert user.username == "ana" and club.accounts.user_for(token) == User(
        user.id, "ana", "runner", user.data_key, session_id=1
    )
    assert club.accounts.user_for(token + "x") is None and club.accounts.user_for(None) is None
    clock.now += IDLE - timedelta(minutes=1)
    assert club.accounts.user_for(token) is not None  # used: its last use moves on
    clock.now += IDLE - timedelta(minutes=1)
    assert club.accounts.user_for(token) is not None
    clock.now += IDLE + timedelta(seconds=1)
    assert club.accounts.user_for(token) is None  # unused for more than 7 days
    _, token = club.accounts.sign_in("ana", PASSWORD, "10.0.0.1")
    signed_in = clock.now
    for _ in range(4):  # used every 6 days: never idle ...
        clock.now += timedelta(days=6)
        assert club.accounts.user_for(token) is not None
    clock.now = signed_in + LIFETIME  # ... but 30 days after signing in it ends
    assert club.accounts.user_for(token) is None
    _, token = club.accounts.sign_in("ana", PASSWORD, "10.0.0.1")
    assert club.accounts.sign_out(token) and club.accounts.user_for(token) is None


def test_a_password_change_ends_every_session(club: Club) -> None:
    club.accounts.add("ana", "runner", PASSWORD)
    user, phone = club.accounts.sign_in("ana", PASSWORD, "10.0.0.1")
    _, laptop = club.accounts.sign_in("ana", PASSWORD, "10.0.0.2")
    with pytest.raises(AccessRefused) as refused:
        club.accounts.change_password(user, "wrong guess", "a new pass phrase", "10.0.0.1")
    assert refused.value.status == 403 and club.accounts.user_for(laptop) is not None
    new = club.accounts.change_password(user, PASSWORD, "a new pass phrase", "10.0.0.1")
    assert club.accounts.user_for(phone) is None and club.accounts.user_for(laptop) is None
    assert club.accounts.user_for(new) is not None
    with pytest.raises(AccessRefused):
        club.accounts.sign_in("ana", PASSWORD, "10.0.0.3")
    assert club.accounts.sign_in("ana", "a new pass phrase", "10.0.0.3")[0].username == "ana"


def test_a_removed_account_loses_its_sessions(club: Club) -> None:
    club.accounts.add("kim", "coach", PASSWORD)
    club.accounts.add("boss", "admin", PASSWORD)
    _, token = club.accounts.sign_in("kim", PASSWORD, "10.0.0.1")
    club.accounts.remove("kim")
    assert club.accounts.user_for(token) is None


def test_sign_in_is_limited_per_user_name(club: Club, clock: Clock) -> None:
    club.accounts.add("ana", "runner", PASSWORD)
    for attempt in range(USER_LIMIT):
        clock.now += timedelta(seconds=10)
        with pytest.raises(AccessRefused) as wrong:
            club.accounts.sign_in("ana", f"guess {attempt}", f"10.0.1.{attempt}")  # from many addresses
        assert wrong.value.status == 401
    clock.now += timedelta(seconds=10)
    with pytest.raises(AccessRefused) as limited:
        club.accounts.sign_in("ana", PASSWORD, "10.0.2.1")  # even the right password
    # the first failure was at +10 s, now is +60 s: it leaves the 15-minute window at 900 - 50 = 850 s from now
    assert limited.value.status == 429 and limited.value.retry_after == WINDOW.seconds - 50
    clock.now += timedelta(seconds=WINDOW.seconds - 50)
    assert club.accounts.sign_in("ana", PASSWORD, "10.0.2.1")[0].username == "ana"


def test_sign_in_is_limited_per_client_address(club: Club, clock: Clock) -> None:
    club.accounts.add("ana", "runner", PASSWORD)
    for attempt in range(ADDRESS_LIMIT):  # many names, a few tries each, from one address
        clock.now += timedelta(seconds=1)
        with pytest.raises(AccessRefused):
            club.accounts.sign_in(f"name{attempt % 7}", "guess", "10.9.9.9")
    with pytest.raises(AccessRefused) as limited:
        club.accounts.sign_in("ana", PASSWORD, "10.9.9.9")
    assert limited.value.status == 429 and limited.value.retry_after == WINDOW.seconds - ADDRESS_LIMIT + 1
    assert club.accounts.sign_in("ana", PASSWORD, "10.9.9.10")[0].username == "ana"  # another address is not held


def test_consent_shares_invitations_and_audit(club: Club) -> None:
    club.accounts.add("ana", "runner", PASSWORD)
    club.accounts.add("ben", "runner", PASSWORD)
    club.accounts.add("kim", "coach", PASSWORD)
    club.accounts.add("pia", "physio", PASSWORD)
    club.accounts.add("boss", "admin", PASSWORD)
    ana, ben, kim, pia, boss = (club.accounts.by_name(n) for n in ("ana", "ben", "kim", "pia", "boss"))
    assert ana and ben and kim and pia and boss
    consent = club.consent
    assert consent.grant(ana, None) is not None and consent.grant(ana, None).access is Access.OWNER  # type: ignore[union-attr]
    assert consent.grant(kim, "ana") is None and consent.grant(kim, None) is None and consent.grant(boss, "ana") is None
    with pytest.raises(NotFoundError):
        consent.share(ana, "boss", "training")  # an admin is never shown health data
    with pytest.raises(NotFoundError):
        consent.share(ana, "ben", "training")  # nor another runner
    with pytest.raises(InputError):
        consent.share(ana, "kim", "everything")
    with pytest.raises(AccessRefused):
        consent.share(kim, "pia", "training")  # only runners share
    assert consent.share(ana, "kim", "training") == {"with": "kim", "role": "coach", "scope": "training"}
    grant = consent.grant(kim, "ANA")
    assert grant is not None and grant.access is Access.TRAINING and grant.runner == "ana"
    assert consent.grant(kim, "ben") is None
    consent.share(ana, "kim", "training_and_symptoms")
    assert consent.grant(kim, "ana").access is Access.SYMPTOMS  # type: ignore[union-attr]
    consent.revoke(ana, "kim")
    assert consent.grant(kim, "ana") is None
    with pytest.raises(NotFoundError):
        consent.revoke(ana, "kim")

    made = consent.invite(ben, "training")
    assert made["path"] == f"/invite/{made['code']}" and [i["id"] for i in consent.invitations(ben)] == [made["id"]]
    with pytest.raises(AccessRefused):
        consent.accept(ana, made["code"])  # a runner does not accept invitations
    assert consent.accept(pia, made["code"]) == {"runner": "ben", "scope": "training"}
    assert consent.grant(pia, "ben").access is Access.TRAINING  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        consent.accept(kim, made["code"])  # one use
    assert consent.invitations(ben) == []

    consent.record(pia, [consent.grant(pia, "ben")], "GET", "/api/activities", "10.0.0.5")  # type: ignore[list-item]
    consent.record(ben, [consent.grant(ben, None)], "GET", "/api/activities", "10.0.0.6")  # type: ignore[list-item]
    log = consent.audit(ben)
    assert [(e["viewer"], e["role"], e["scope"], e["path"]) for e in log] == [
        ("pia", "physio", "training", "/api/activities")  # the runner's own views are not audited
    ]
    club.accounts.remove("pia")
    assert [e["viewer"] for e in consent.audit(ben)] == ["pia"]  # kept when the viewer's account is gone
