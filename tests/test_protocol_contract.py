"""app/serve/protocol.py subclasses uvicorn's private httptools protocol: an upgrade of uvicorn
that changes it must fail here, loudly and by name, not in production as a subtle misbehaviour.

uvicorn is pinned exactly (pyproject.toml, and the lock files scripts/setup installs). To move
the pin: read the new `uvicorn/protocols/http/httptools_impl.py` against protocol.py (the
methods it overrides, the attributes it reads, and `_feed`, its copy of `data_received`), then
update UVICORN and FINGERPRINT below together with the pin.
"""

import ast
import hashlib
import inspect
import re
import tomllib

import uvicorn
from uvicorn.protocols.http import httptools_impl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.config import PROJECT_ROOT
from app.serve import protocol
from app.serve.protocol import BoundedHttpTools

UVICORN = "0.55.0"
# SHA-256 of HttpToolsProtocol's source in that release: any change to the class fails below.
FINGERPRINT = "ec7f438cf5cec43e89f2636c4521d2937acfcbd11db4cfdc627dad3b9962ff3f"
LOCKS = ("scripts/requirements.txt", "scripts/requirements-test.txt")


def parent_members() -> tuple[set[str], set[str]]:
    """What uvicorn's class offers: its methods, and the attributes it sets on `self`."""
    tree = ast.parse(inspect.getsource(HttpToolsProtocol))
    methods = {name for name, _ in inspect.getmembers(HttpToolsProtocol, inspect.isfunction)}
    attributes = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Store)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    }
    return methods, attributes


def relied_on() -> tuple[set[str], set[str]]:
    """What protocol.py takes from uvicorn: `super().x` calls, and `self.x` it never sets."""
    tree = ast.parse(inspect.getsource(protocol))
    ours = {name for name in vars(BoundedHttpTools) if not name.startswith("__")}
    supers: set[str] = set()
    read: set[str] = set()
    stored: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Call | ast.Name):
            continue
        value = node.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "super":
            supers.add(node.attr)
        elif isinstance(value, ast.Name) and value.id == "self":
            (stored if isinstance(node.ctx, ast.Store) else read).add(node.attr)
    return supers, read - stored - ours


def test_uvicorn_is_the_release_protocol_py_was_written_against() -> None:
    assert uvicorn.__version__ == UVICORN, (
        f"uvicorn {uvicorn.__version__} is installed, but app/serve/protocol.py was checked "
        f"against uvicorn {UVICORN}: install from the lock (scripts/setup), or re-read "
        "httptools_impl.py and move the pin as this file's docstring says"
    )


def test_the_pin_is_exact_and_the_same_everywhere() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in project["project"]["dependencies"] if d.startswith("uvicorn")]
    assert pins == [f"uvicorn[standard]=={UVICORN}"], pins
    for lock in LOCKS:
        text = (PROJECT_ROOT / lock).read_text(encoding="utf-8")
        assert re.search(rf"^uvicorn=={re.escape(UVICORN)} \\$", text, re.M), lock


def test_uvicorns_httptools_protocol_is_unchanged() -> None:
    source = inspect.getsource(HttpToolsProtocol)
    found = hashlib.sha256(source.encode()).hexdigest()
    assert found == FINGERPRINT, (
        f"uvicorn {uvicorn.__version__} changed HttpToolsProtocol (its source's SHA-256 is now "
        f"{found}), the private class app/serve/protocol.py subclasses: re-read "
        f"{httptools_impl.__file__} against protocol.py, then update this test's FINGERPRINT"
    )


def test_every_method_and_attribute_protocol_py_relies_on_is_there() -> None:
    methods, attributes = parent_members()
    supers, read = relied_on()
    assert supers, "protocol.py no longer calls super(): is this test still reading it?"
    missing_methods = sorted(supers - methods)
    assert not missing_methods, (
        f"uvicorn {uvicorn.__version__}: HttpToolsProtocol no longer has "
        f"{', '.join(missing_methods)}, which app/serve/protocol.py calls through super()"
    )
    missing = sorted(read - methods - attributes)
    assert not missing, (
        f"uvicorn {uvicorn.__version__}: HttpToolsProtocol no longer sets or defines "
        f"{', '.join(missing)}, which app/serve/protocol.py reads"
    )
    init = inspect.signature(HttpToolsProtocol.__init__)
    assert list(init.parameters)[:4] == ["self", "config", "server_state", "app_state"], (
        f"uvicorn {uvicorn.__version__}: HttpToolsProtocol.__init__ is now {init}"
    )
    assert isinstance(httptools_impl.STATUS_LINE, dict) and 200 in httptools_impl.STATUS_LINE, (
        f"uvicorn {uvicorn.__version__}: httptools_impl.STATUS_LINE changed shape"
    )


def test_feed_still_does_what_uvicorns_data_received_does() -> None:
    """`_feed` is uvicorn's `data_received` with quieter logging: each call it makes is there."""
    upstream = ast.parse(
        inspect.cleandoc("\n" + inspect.getsource(HttpToolsProtocol.data_received))
    )
    names = {n.attr for n in ast.walk(upstream) if isinstance(n, ast.Attribute)}
    for needed in ("_unset_keepalive_if_required", "feed_data", "HttpParserError"):
        assert needed in names, f"uvicorn {uvicorn.__version__}: data_received no longer {needed}"
    for needed in ("HttpParserUpgrade", "_should_upgrade", "handle_websocket_upgrade"):
        assert needed in names, f"uvicorn {uvicorn.__version__}: data_received no longer {needed}"
