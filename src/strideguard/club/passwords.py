"""Password hashing with argon2id (argon2-cffi, the reference implementation's maintained binding).

The hasher's defaults are RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes); a hash made
with weaker parameters is re-made at the next sign-in (``needs_rehash``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..errors import InputError, StrideguardError, Text

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 10  # NIST SP 800-63B asks for at least 8; a passphrase of a few words is easy to reach
MAX_LENGTH = 1024  # argon2 takes any length; this only bounds the work one request can ask for


@cache
def hasher() -> PasswordHasher:
    try:
        from argon2 import PasswordHasher  # noqa: PLC0415  (only the multi-user commands need it)
    except ImportError:
        raise StrideguardError("errors.clubs.no_argon2") from None
    return PasswordHasher()


def check_new(password: str, username: str, field: str = "password") -> str:
    """A new password as allowed, or an ``InputError`` saying what a password must be."""
    if not isinstance(password, str):
        raise InputError(field, Text("errors.value.hidden"), "errors.clubs.password_text")
    if len(password) < MIN_LENGTH:
        raise InputError(field, Text("errors.value.hidden"), "errors.clubs.password_short", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InputError(field, Text("errors.value.hidden"), "errors.clubs.password_long", n=MAX_LENGTH)
    if password.strip().lower() == username.lower():
        raise InputError(field, Text("errors.value.hidden"), "errors.clubs.password_is_name")
    return password


def make(password: str) -> str:
    return hasher().hash(password)


def verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError  # noqa: PLC0415

    try:
        return bool(hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return bool(hasher().check_needs_rehash(stored))


@cache
def decoy() -> str:
    """A hash to verify against when the user name is unknown, so that both cases take the same time."""
    return make("not the password of anyone")
