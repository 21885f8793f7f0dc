"""The layers the README's code map draws, enforced: every import runs down them.

`[tool.importlinter]` in pyproject.toml holds the contracts (config, data, pages, then the
loader and web side by side, serve, the entry points; nothing below web speaks HTTP), and
`lint-imports` checks them here as well as in scripts/test.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on a project folder, with no cache (the code may change between runs)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_import_keeps_the_layers_contracts() -> None:
    done = _lint(PROJECT_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def _copy(project: Path) -> None:
    shutil.copytree(
        PROJECT_ROOT / "app", project / "app", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(PROJECT_ROOT / "pyproject.toml", project / "pyproject.toml")


# Each break: the module it is written into, the import added, what the report must name.
BREAKS = {
    # the queries reaching for the registry (as search once did)
    "up-the-layers": (
        "data/search.py",
        "from app.pages.registry import HEADER_NAV",
        ["app.data is not allowed to import app.pages", "app.data.search -> app.pages.registry"],
    ),
    # a request's session lives in app/web/sessions.py: FastAPI in app/data is a break
    "fastapi-below-web": ("data/db.py", "from fastapi import Depends", ["app.data.db -> fastapi"]),
    # side by side: the web layer never builds, the loader never renders
    "web-to-loader": (
        "web/views.py",
        "from app.loader import loader",
        ["app.web.views -> app.loader.loader"],
    ),
}


@pytest.mark.parametrize(("module", "line", "named"), BREAKS.values(), ids=BREAKS.keys())
def test_an_import_against_the_layers_is_refused_naming_it(
    tmp_path: Path, module: str, line: str, named: list[str]
) -> None:
    _copy(tmp_path)
    with (tmp_path / "app" / module).open("a", encoding="utf-8") as code:
        code.write(f"\n{line}  # noqa: E402\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    for words in named:
        assert words in done.stdout, words
