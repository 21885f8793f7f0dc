"""The code itself: no function in app/ or scripts/ above radon's complexity grade C."""

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
