"""One policy for a third-party tool the tests drive (Chromium, Java, vnu, Redocly, nginx):
missing, it fails under scripts/test and in CI with one line on how to install it, and skips,
with that line, in a bare local pytest run."""

from pathlib import Path

import pytest
from helpers import INSTALL, require_tool


def test_a_missing_tool_fails_in_ci_and_under_scripts_test_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for flag in ("CI", "REQUIRE_TOOLS"):
        monkeypatch.delenv("CI", raising=False)
        monkeypatch.delenv("REQUIRE_TOOLS", raising=False)
        monkeypatch.setenv(flag, "true" if flag == "CI" else "1")
        # Any outcome is caught, so a skip where a failure is due is red, not a skipped test.
        with pytest.raises(BaseException) as failed:
            require_tool(tmp_path / "no-vnu.jar", "vnu.jar", "vnu")
        assert failed.type is pytest.fail.Exception, (flag, failed.type)
        message = str(failed.value)
        assert "\n" not in message and INSTALL["vnu"] in message and "no-vnu.jar" in message


def test_a_missing_tool_skips_a_bare_local_run_saying_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("REQUIRE_TOOLS", raising=False)
    with pytest.raises(BaseException) as skipped:
        require_tool("no-such-redocly-here", "Redocly", "redocly")
    assert skipped.type is pytest.skip.Exception, skipped.type
    assert INSTALL["redocly"] in str(skipped.value)


def test_a_tool_that_is_there_is_returned_by_its_path(tmp_path: Path) -> None:
    tool = tmp_path / "tool"
    tool.write_text("")
    assert require_tool(tool, "a tool", "python") == str(tool)
    assert require_tool("sh", "a shell", "python").endswith("/sh")  # found on PATH


def test_scripts_test_requires_its_tools() -> None:
    script = (Path(__file__).parent.parent / "scripts" / "test").read_text(encoding="utf-8")
    full_run = script[script.index('if [ "$quick" = 1 ]') :]
    assert "export REQUIRE_TOOLS=1" in full_run
