"""Files that are not what a command expects: one line naming the option and the file, exit 1, nothing stored.

Found by feeding every file option odd paths and odd JSON: each of these was a traceback before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of

LONG = "x" * 5000  # longer than any file name the file system takes (255 bytes)


def _odd_json(tmp_path: Path) -> dict[str, Path]:
    files = {
        "nested.json": "[" * 100_000 + "]" * 100_000,  # json.loads: RecursionError
        "digits.json": '{"date": "2026-11-20", "region": "knee", "age": ' + "9" * 5000 + "}",  # int over 4,300 digits
    }
    out = {name: tmp_path / name for name in files}
    for name, text in files.items():
        out[name].write_text(text, encoding="utf-8")
    out["latin1.json"] = tmp_path / "latin1.json"
    out["latin1.json"].write_bytes('{"date": "2026-11-20", "region": "knee", "notes": "caf\xe9"}'.encode("latin-1"))
    return out


@pytest.mark.parametrize("command", [("symptom", "log"), ("triage",), ("restore",)])
def test_a_file_that_cannot_be_read_as_a_document_is_refused_by_name(
    cli: Invoke, tmp_path: Path, command: tuple[str, ...]
) -> None:
    odd = _odd_json(tmp_path)
    expected = {
        "nested.json": "nested.json: 'nesting' is not allowed; the JSON is nested too deeply",
        "digits.json": "digits.json: 'number' is not allowed; the file holds a number too long to read",
        "latin1.json": "latin1.json' is not allowed; the file is not UTF-8 text",
    }
    for name, path in odd.items():
        result = cli(*command, str(path))
        assert result.exit_code == 1 and expected[name] in result.stderr, (command, name, result.output)
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    for path in (LONG, str(tmp_path)):  # a name the file system refuses; a folder
        result = cli(*command, path)
        assert result.exit_code == 1 and result.stderr.startswith("Error: FILE: "), (command, result.output)
        assert "Traceback" not in result.output
    assert json_of(cli("symptom", "list", "--json")) == []


def test_files_to_write_that_cannot_be_written_are_refused_by_name(cli: Invoke, tmp_path: Path) -> None:
    loop = tmp_path / "loop1"
    loop.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(loop)
    plain = tmp_path / "plain.txt"
    plain.write_text("a file, not a folder", encoding="utf-8")
    for option, command in (("--out", ("export",)), ("--out", ("report",)), ("--ics", ("plan",))):
        under_a_file = "give a file in an existing folder" if command == ("report",) else "(Not a directory)"
        for target, reason in (
            (str(loop), "(Too many levels of symbolic links)"),
            (str(plain / "sub"), under_a_file),
            (str(tmp_path / LONG), "(File name too long)"),
        ):
            result = cli(*command, option, target)
            assert result.exit_code == 1, (command, target[-20:], result.output)
            assert result.stderr.startswith(f"Error: {option}: ") and reason in result.stderr, result.stderr
            assert "Traceback" not in result.output


def test_an_empty_or_impossible_import_path_is_an_error_entry_not_the_current_folder(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # Path("") is "."; a GPX here would have been imported
    (tmp_path / "here.gpx").write_text("not read", encoding="utf-8")
    result = cli("import", "", LONG, "--json")
    assert result.exit_code == 1
    files = json.loads(result.stdout)["files"]
    assert [f["status"] for f in files] == ["error", "error"]
    assert files[0]["error"].endswith("an empty path; give a file or folder")
    assert "cannot read it (File name too long)" in files[1]["error"]
