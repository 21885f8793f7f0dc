"""The lock: every dependency pinned within pyproject.toml's ranges, every file hash-checked,
installed by every way the app is set up (scripts/setup, so scripts/serve, scripts/test and
.ci/run; and the Dockerfile), and what .venv holds is what it pins."""

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

from app.config import PROJECT_ROOT

RUNTIME, TEST = "scripts/requirements.txt", "scripts/requirements-test.txt"
PIN = re.compile(
    r"^([A-Za-z0-9._-]+)==([^\s\\;]+)[^\n]*\\\n((?:\s+--hash=sha256:[0-9a-f]{64}.*\n)+)", re.M
)


def pins(lock: str) -> dict[NormalizedName, str]:
    """Each pinned distribution (canonical name) and its version; every pin must carry hashes."""
    text = (PROJECT_ROOT / lock).read_text(encoding="utf-8")
    found = {canonicalize_name(name): version for name, version, _ in PIN.findall(text)}
    requirements = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(found) == len(requirements), f"{lock}: a pin without its hashes"
    return found


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = project["project"]["dependencies"]
    if extra:
        listed = [*listed, *project["project"]["optional-dependencies"][extra]]
    return [Requirement(item) for item in listed]


@pytest.mark.parametrize(("lock", "extra"), [(RUNTIME, None), (TEST, "test")])
def test_the_lock_pins_every_dependency_within_its_range(lock: str, extra: str | None) -> None:
    pinned = pins(lock)
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} lacks {name}: run scripts/lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {name}=={pinned[name]}, outside pyproject.toml's {requirement}: "
            "run scripts/lock"
        )


def test_the_test_lock_holds_the_runtime_lock() -> None:
    """Tests run on exactly the versions the app is served with."""
    runtime, test = pins(RUNTIME), pins(TEST)
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_environment_is_what_the_test_lock_pins() -> None:
    pinned = pins(TEST)
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differ = {n: (v, installed.get(n)) for n, v in pinned.items() if installed.get(n) != v}
    assert not differ, f"locked vs installed: {differ}; run scripts/setup test"


def test_every_way_of_installing_uses_the_lock_with_hashes() -> None:
    setup = (PROJECT_ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    assert RUNTIME in setup and TEST in setup and "--require-hashes" in setup
    assert "--no-deps -e ." in setup
    for script in ("scripts/serve", "scripts/test"):
        assert "scripts/setup" in (PROJECT_ROOT / script).read_text(encoding="utf-8"), script
    assert "scripts/test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert f"--require-hashes -r {RUNTIME}" in dockerfile
    installs = re.findall(r"pip install[^\n&]*", dockerfile)
    assert all("--require-hashes" in line or "--no-deps" in line for line in installs), installs
