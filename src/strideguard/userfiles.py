"""Files a user names (a report to read, a backup or calendar to write): one clear error each, never a traceback.

A missing file, a folder, a name too long for the file system, a symbolic-link loop, a
parent that is a file, no permission, bytes that are not UTF-8: an ``InputError`` naming
the option (``field``) and the file, with what to fix (texts in ``errors.yaml``).
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, Text


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def read_text(path: str | Path, field: str, expected: str) -> str:
    """The UTF-8 text of ``path``; ``expected``: the text id of what the file should be ("a JSON file holding ...")."""
    p = Path(path)
    what = Text(expected)
    try:
        if not p.is_file():
            raise InputError(field, str(p), "errors.userfile.missing", expected=what)
        return p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(field, str(p), "errors.userfile.unreadable", reason=_reason(exc), expected=what) from None
    except UnicodeDecodeError:
        raise InputError(field, str(p), "errors.userfile.not_utf8", expected=what) from None


def check_target(path: str | Path, field: str, example: str) -> Path:
    """``path`` as a file to write, checked before the work that fills it: its folder exists, it is no folder.

    ``example``: the text id of example file names ("report.html or report.pdf").
    """
    p = Path(path)
    names = Text(example)
    try:
        if not p.parent.is_dir():
            raise InputError(field, str(p), "errors.userfile.no_folder", example=names)
        if p.is_dir():
            raise InputError(field, str(p), "errors.userfile.is_folder_example", example=names)
    except OSError as exc:
        raise InputError(field, str(p), "errors.file.cannot_write", reason=_reason(exc)) from None
    return p


def write_bytes(path: str | Path, data: bytes, field: str) -> None:
    """Write ``data`` to ``path`` (created or replaced)."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(field, str(p), "errors.userfile.is_folder")
        p.write_bytes(data)
    except OSError as exc:
        raise InputError(field, str(p), "errors.file.cannot_write", reason=_reason(exc)) from None


def write_text(path: str | Path, text: str, field: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` (created or replaced)."""
    write_bytes(path, text.encode("utf-8"), field)
