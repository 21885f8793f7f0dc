"""Schemathesis fuzzes the JSON API from its OpenAPI document, with every check enabled."""

import subprocess
import sys
from pathlib import Path

from helpers import require_tool


def test_schemathesis_finds_no_failures(live_server: str, tmp_path: Path) -> None:
    cli = require_tool(Path(sys.executable).with_name("st"), "schemathesis", "python")
    result = subprocess.run(
        [
            str(cli),
            "run",
            f"{live_server}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "40",
            "--seed",
            "20261126",
            "--workers",
            "2",
            "--no-color",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = result.stdout[-3000:]
    assert result.returncode == 0, summary
    assert "No issues found" in result.stdout or " passed" in result.stdout, summary
