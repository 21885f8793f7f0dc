"""The code itself: no function in app/ or scripts/ above radon's complexity grade C; few
type-checker exceptions, each explained (mypy itself runs in scripts/test)."""

import re
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path

from radon.complexity import cc_rank, cc_visit
from radon.visitors import Class, Function

from app.config import PROJECT_ROOT

CHECKED = ["app", "scripts"]
WORST_GRADE = "C"  # cyclomatic complexity 11-20; D starts at 21


def _functions(blocks: Iterable[Function | Class]) -> Iterator[Function]:
    """Every function, method and closure among radon's blocks (classes only hold methods)."""
    for block in blocks:
        if isinstance(block, Function):
            yield block
            yield from _functions(block.closures)
        else:
            yield from _functions(block.methods)
            yield from _functions(block.inner_classes)


def _offenders(path: Path) -> Iterator[str]:
    # radon lists a method both on its own and under its class: count each function once.
    functions = _functions(cc_visit(path.read_text(encoding="utf-8")))
    unique = {(function.lineno, function.fullname): function for function in functions}
    for function in unique.values():
        grade = cc_rank(function.complexity)
        if grade > WORST_GRADE:
            where = f"{path.relative_to(PROJECT_ROOT)}:{function.lineno}"
            yield f"{where} {function.fullname} grade {grade} ({function.complexity})"


def test_no_function_is_above_complexity_grade_c() -> None:
    files = [path for folder in CHECKED for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))]
    assert files
    offenders = [line for path in files for line in _offenders(path)]
    assert not offenders, "split these functions:\n" + "\n".join(offenders)


TYPED = ["app", "tests", "scripts"]  # what [tool.mypy] checks
MOST_IGNORES = 5
IGNORE = re.compile(r"#\s*type:\s*ignore(\[[a-z-]+(, [a-z-]+)*\])?")


def _why(lines: list[str], row: int) -> str:
    """The block of comment lines just above line `row` (1-based), first line first."""
    start = row - 1
    while start > 0 and lines[start - 1].strip().startswith("#"):
        start -= 1
    return " ".join(line.strip() for line in lines[start : row - 1])


def _ignores() -> Iterator[tuple[str, int, str, str]]:
    """Each `type: ignore` comment: where, its own text, and the comment block above it."""
    for folder in TYPED:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(PROJECT_ROOT))
            lines = path.read_text(encoding="utf-8").splitlines()
            with path.open("rb") as source:
                for token in tokenize.tokenize(source.readline):
                    if token.type == tokenize.COMMENT and IGNORE.search(token.string):
                        row = token.start[0]
                        yield where, row, token.string, _why(lines, row)


def test_type_ignores_are_few_and_each_says_why() -> None:
    """At most five, each naming its error code, with an `# Ignore: why` comment just above: an
    exception to the checker is a decision someone can read, not a way to quiet it."""
    found = list(_ignores())
    assert len(found) <= MOST_IGNORES, [f"{path}:{row}" for path, row, _, _ in found]
    for path, row, comment, above in found:
        match = IGNORE.search(comment)
        assert match and match[1], f"{path}:{row} ignores every error code: name one"
        assert above.startswith("# Ignore:"), f"{path}:{row} says no why in a comment above"


def test_the_test_loops_run_mypy() -> None:
    """Both loops of scripts/test check types, as they lint: the check must run to count."""
    script = (PROJECT_ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert script.count(".venv/bin/python -m mypy\n") == 2
