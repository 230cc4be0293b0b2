"""docs/commands.md documents every command and every option (it cannot fall behind)."""

from __future__ import annotations

import re
from pathlib import Path

from treaty.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def sections() -> dict[str, str]:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    parts = re.split(r"^## `treaty ([a-z-]+)`$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_every_command_has_a_section_naming_each_option() -> None:
    docs = sections()
    assert sorted(docs) == sorted(cli.commands)
    missing = []
    for name, command in cli.commands.items():
        for param in command.params:
            for flag in [*param.opts, *param.secondary_opts]:
                if flag.startswith("--") and flag != "--help" and f"`{flag}" not in docs[name] \
                        and f" {flag}" not in docs[name]:
                    missing.append(f"{name} {flag}")
    assert missing == []
