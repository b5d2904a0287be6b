"""Checks that a Korean text reads as Korean: it has Hangul, and no English words are left in it.

What may stay in Latin letters in a Korean text: placeholders ({km}), cited source ids, report field ids
(unable_tiptoe), commands (`strideguard plan`, --reason), units and abbreviations that Korean
clinics and running apps write in Latin letters, and the names of cited authors.
"""

from __future__ import annotations

import re

HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Units, abbreviations and names Korean texts write in Latin letters.
ALLOWED = frozenset(
    {
        "km",  # 5 km: how Korean running apps and clinics write distance
        "x",  # 3세트 x 10회
        "Enter",  # the key
        "strideguard",  # the program's name
        "GPS",
        "MRI",
        "TRIMP",  # training impulse (Banister), no Korean name
        "RPE",  # rate of perceived exertion, written beside 운동자각도
        "REDs",  # Relative Energy Deficiency in Sport, the consensus abbreviation
        "YYYY-MM-DD",
        "FILE.json",
        "Schwellnus",  # cited authors
        "Crossley",
    }
)

_SKIP = (
    re.compile(r"\{[^}]*\}"),  # placeholders
    re.compile(r"\[[a-z0-9-]+(?:, [a-z0-9-]+)*\]"),  # cited source ids: [seed-article, nhs-dvt]
    re.compile(r"`[^`]*`"),  # code
    re.compile(r"strideguard(?: [a-z][a-z-]*| --[a-z][a-z-]*| \{[^}]*\})+"),  # a command line
    re.compile(r"--[a-z][a-z-]*"),  # an option
    re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])"),  # a report field id
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z]")


def english_words(text: str) -> list[str]:
    """The Latin-letter words of ``text`` that are not placeholders, ids, commands or allowed units and names."""
    for pattern in _SKIP:
        text = pattern.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in ALLOWED]


def has_hangul(text: str) -> bool:
    return bool(HANGUL.search(text))
