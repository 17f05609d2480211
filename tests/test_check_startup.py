"""`shifan check` starts without what it does not use, and every command stays reachable."""

from __future__ import annotations

import subprocess
import sys

from shifan.cli import COMMANDS
from support import REPO

HEAVY = ("mkdocs", "jinja2", "material", "reportlab", "PIL", "zxingcpp", "jieba", "fontTools")


def test_check_imports_nothing_heavy() -> None:
    script = (
        "import sys\n"
        "from shifan.cli import main\n"
        f"main(['check', '--registry', {str(REPO / 'registry')!r}, '--today', '2026-11-27'])\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_every_command_module_is_listed() -> None:
    modules = {
        path.stem
        for path in (REPO / "generator" / "shifan" / "commands").glob("*.py")
        if "\ndef register(" in path.read_text("utf-8") and not path.stem.startswith("plaque_")
    }
    assert set(COMMANDS.values()) == modules
    assert all(name.replace("-", "_") == module for name, module in COMMANDS.items())
