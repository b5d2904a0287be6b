"""Every threshold in signals.yaml carries a known source; every band text exists."""

from __future__ import annotations

from typing import Any

from strideguard import knowledge
from strideguard.load.thresholds import bands, section


def _walk(node: Any, path: str = ""):
    if isinstance(node, dict):
        if "value" in node:
            yield path, node
        for key, child in node.items():
            yield from _walk(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _walk(child, f"{path}[{i}]")


def test_every_parameter_and_band_has_a_defined_source() -> None:
    data = knowledge.load("signals.yaml")
    known = knowledge.sources()
    params = list(_walk(data))
    assert len(params) > 15
    for path, entry in params:
        assert entry.get("source") in known, path
    for name, entry in data.items():
        if "bands" in entry:
            for band in bands(name):
                assert band.source in known and band.text in knowledge.texts()
        if "source" in entry:
            assert entry["source"] in known, name


def test_dose_file_cites_known_sources() -> None:
    data = knowledge.load("dose.yaml")
    known = knowledge.sources()
    for path, entry in _walk(data):
        assert entry.get("source") in known, path
    for adj in data["adjustments"]:
        assert adj["source"] in known and adj["text"] in knowledge.texts()


def test_acute_chronic_critique_is_cited() -> None:
    entry = section("acute_chronic_ratio")
    assert set(entry["critique_sources"]) <= set(knowledge.sources())
