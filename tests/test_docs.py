"""Every command has help text and appears in the README's tour (as sqlite-utils' test_docs does)."""

from __future__ import annotations

from collections.abc import Iterator

import typer

from strideguard.cli import app
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> Iterator[tuple[str, object]]:
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        yield name, command
        if hasattr(command, "list_commands"):
            sub_ctx = typer.Context(command)
            for sub in command.list_commands(sub_ctx):
                yield f"{name} {sub}", command.get_command(sub_ctx, sub)


def test_every_command_and_option_has_help() -> None:
    missing = []
    for name, command in _commands():
        if not (getattr(command, "help", None) or getattr(command, "short_help", None)):
            missing.append(name)
        for param in getattr(command, "params", []):
            if param.param_type_name == "option" and not getattr(param, "help", None):
                missing.append(f"{name} {param.opts[0]}")
    assert missing == []


def test_every_command_is_in_the_readme_tour() -> None:
    names = [name for name, _ in _commands()]
    assert len(names) >= 8
    absent = [
        name
        for name in names
        if f"`strideguard {name}" not in README and f"/ `{name.split()[-1]}" not in README and f"`{name}" not in README
    ]
    assert absent == []


def test_readme_states_the_two_commands_and_the_disclaimer() -> None:
    assert "pip install . && strideguard demo" in README
    assert "bash scripts/test.sh" in README
    assert "does not replace a doctor" in README
