"""Every locale file exists in every language with the same ids and the same placeholders; Korean reads as Korean."""

from __future__ import annotations

import re
import string
from collections import Counter
from importlib import resources
from importlib.resources.abc import Traversable

import pytest
import yaml

from strideguard import DISCLAIMER, knowledge
from tests.hangul import english_words, has_hangul

LOCALE = resources.files("strideguard.knowledge").joinpath("locale")

# The domain texts (issue 17, ko-knowledge): they must exist in every language now.
DOMAIN = ("triage.yaml", "intake.yaml", "episodes.yaml", "plan.yaml", "signals.yaml", "dose.yaml")


def _folder(lang: str) -> Traversable:
    return LOCALE.joinpath(lang)


def _files(lang: str) -> set[str]:
    folder = _folder(lang)
    return {e.name for e in folder.iterdir() if e.name.endswith(".yaml")} if folder.is_dir() else set()


def _read(lang: str, name: str) -> dict[str, str]:
    data = yaml.safe_load(_folder(lang).joinpath(name).read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"locale/{lang}/{name}"
    return data


def _in_both() -> list[str]:
    files = [_files(lang) for lang in knowledge.LANGUAGES]
    return sorted(set.intersection(*files))


def test_every_language_has_every_locale_file() -> None:
    everywhere = set.union(*(_files(lang) for lang in knowledge.LANGUAGES))
    missing = [
        f"locale/{lang}/{name}"
        for name in sorted(everywhere)
        for lang in knowledge.LANGUAGES
        if name not in _files(lang)
    ]
    assert not missing, f"locale files missing in a language: {missing}"
    for name in DOMAIN:  # the domain texts are here in every language
        assert all(name in _files(lang) for lang in knowledge.LANGUAGES), name


@pytest.mark.parametrize("name", _in_both())
def test_a_file_has_the_same_ids_in_every_language(name: str) -> None:
    ids = {lang: set(_read(lang, name)) for lang in knowledge.LANGUAGES}
    for lang in knowledge.LANGUAGES:
        for other in knowledge.LANGUAGES:
            extra = sorted(ids[lang] - ids[other])
            assert not extra, f"in locale/{lang}/{name} but not in locale/{other}/{name}: {extra}"


def placeholders(text: str) -> Counter[tuple[str, str, str]]:
    """The {name:spec!conversion} fields of a text, counted (their order may differ between languages)."""
    fields = string.Formatter().parse(text)
    return Counter((name, spec or "", conv or "") for _, name, spec, conv in fields if name is not None)


def test_placeholders_are_counted_with_their_format() -> None:
    assert placeholders("{a} and {b:.1f} km, {a}") == Counter({("a", "", ""): 2, ("b", ".1f", ""): 1})
    assert placeholders("no fields") == Counter()


@pytest.mark.parametrize("name", _in_both())
def test_a_text_has_the_same_placeholders_in_every_language(name: str) -> None:
    texts = {lang: _read(lang, name) for lang in knowledge.LANGUAGES}
    english = texts[knowledge.DEFAULT_LANGUAGE]
    for lang, entries in texts.items():
        for tid, text in entries.items():
            if tid not in english:
                continue
            if tid in DATE_FORMATS:  # a language writes a date its own way: some of the parts the code gives
                named = {field for field, _, _ in placeholders(text)}
                assert named <= DATE_FORMATS[tid], f"locale/{lang}/{name}: {tid}"
            else:
                ours, theirs = _unpadded(placeholders(text)), _unpadded(placeholders(english[tid]))
                assert ours == theirs, f"locale/{lang}/{name}: {tid}"


def _unpadded(fields: Counter[tuple[str, str, str]]) -> Counter[tuple[str, str, str]]:
    """Fields with zero padding of whole numbers taken off: 1시간 5분 where English writes 1:05."""
    unpadded: Counter[tuple[str, str, str]] = Counter()
    for (name, spec, conv), count in fields.items():
        unpadded[name, "" if re.fullmatch(r"0\d+d", spec) else spec, conv] += count
    return unpadded


# Date formats and the parts of a date the code gives them: Korean writes 12월 1일 (월) where English writes
# Mon 2026-12-01 (no year, no zero padding); the command line's English date is the ISO day alone.
_PARTS = frozenset({"year", "month", "day", "weekday", "date"})
DATE_FORMATS = {
    "web.date": _PARTS,
    "web.date_short": _PARTS,
    "web.day": _PARTS,
    "web.day_short": _PARTS,
    "web.month_year": frozenset({"year", "month"}),
    "cli.date": _PARTS | {"iso"},
}


def test_every_language_loads_without_a_clash() -> None:
    english = knowledge.texts("en")
    for lang in knowledge.LANGUAGES:
        loaded = knowledge.texts(lang)  # a text id defined in two files would raise here
        domain = {tid for name in DOMAIN for tid in _read("en", name)}
        assert domain <= set(loaded), lang
        assert set(loaded) <= set(english) | {t for n in _files(lang) for t in _read(lang, n)}


# Korean texts with no word in them: formats and joiners.
NO_WORDS = frozenset({"dose.joints_join"})


def _letters(text: str) -> bool:
    """Whether a text has words once its placeholders are left out."""
    return any(c.isalpha() for c in re.sub(r"\{[^}]*\}", "", text))


@pytest.mark.parametrize("name", DOMAIN)
def test_korean_domain_texts_are_korean(name: str) -> None:
    english = _read("en", name)
    for tid, text in _read("ko", name).items():
        if tid in NO_WORDS or not _letters(english[tid]):
            continue
        if tid.startswith("intake.alias.") and not text:  # no other names for this choice
            continue
        assert has_hangul(text), f"locale/ko/{name}: {tid} has no Hangul: {text!r}"
        assert not english_words(text), f"locale/ko/{name}: {tid} keeps English {english_words(text)}: {text!r}"


def test_the_english_check_finds_english_and_allows_units_ids_and_commands() -> None:
    assert english_words("5 km, 30분, `strideguard shoes add`로 추가") == []
    assert english_words('unable_tiptoe 항목을 적어 주세요, strideguard symptom resolve {id} --reason "괜찮음"') == []
    assert english_words("통증이 심하면 see a doctor.") == ["see", "a", "doctor"]
    assert english_words("Pain") == ["Pain"]


def test_the_disclaimer_constant_is_the_english_locale_text() -> None:
    # strideguard.DISCLAIMER stays for the pages and commands not yet reading the locale text `disclaimer`
    assert DISCLAIMER == knowledge.text("disclaimer", "en")
    with knowledge.use_language("ko"):
        assert has_hangul(knowledge.text("disclaimer")) and "119" in knowledge.text("disclaimer")
