"""The layers the README's code map draws, enforced: every import runs down them.

`[tool.importlinter]` in pyproject.toml holds the contracts (config, data, pages, then the
loader and web side by side, serve, the entry points; nothing below web speaks HTTP), and
`lint-imports` checks them here as well as in scripts/test.
"""

import shutil
import subprocess
import sys
from pathlib import Path

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


def test_an_import_up_the_layers_is_refused_naming_it(tmp_path: Path) -> None:
    """The contracts bite: the queries reaching for the registry (as search once did) fail."""
    _copy(tmp_path)
    with (tmp_path / "app" / "data" / "search.py").open("a", encoding="utf-8") as code:
        code.write("\nfrom app.pages.registry import HEADER_NAV  # noqa: E402\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "app.data is not allowed to import app.pages" in done.stdout
    assert "app.data.search -> app.pages.registry" in done.stdout


def test_fastapi_below_the_web_layer_is_refused(tmp_path: Path) -> None:
    """A request's session lives in app/web/sessions.py: FastAPI in app/data is a break."""
    _copy(tmp_path)
    with (tmp_path / "app" / "data" / "db.py").open("a", encoding="utf-8") as code:
        code.write("\nfrom fastapi import Depends  # noqa: E402\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "app.data.db -> fastapi" in done.stdout


def test_the_loader_and_the_web_layer_do_not_import_each_other(tmp_path: Path) -> None:
    """They sit side by side: the web layer never builds, the loader never renders."""
    _copy(tmp_path)
    with (tmp_path / "app" / "web" / "views.py").open("a", encoding="utf-8") as code:
        code.write("\nfrom app.loader import loader  # noqa: E402\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "app.web.views -> app.loader.loader" in done.stdout
