"""Errors keep their cause: every handler that catches any exception logs it with its traceback (at debug
level) or raises again, and no handler swallows an exception without a word."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROAD = {"Exception", "BaseException"}


def handlers():
    for folder in ("events", "dashboard"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ExceptHandler):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def _names(node: ast.ExceptHandler) -> set[str]:
    if node.type is None:
        return {"BaseException"}
    kinds = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
    return {ast.unparse(k) for k in kinds}


def _logs_the_traceback(node: ast.ExceptHandler) -> bool:
    for call in ast.walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in ("debug", "info", "warning", "error", "exception")
            and (
                call.func.attr == "exception"
                or any(k.arg == "exc_info" and getattr(k.value, "value", None) is True for k in call.keywords)
            )
        ):
            return True
    return False


def _raises_again(node: ast.ExceptHandler) -> bool:
    return any(isinstance(s, ast.Raise) and s.exc is None for s in node.body)


def test_every_broad_handler_logs_the_traceback_or_raises_again():
    quiet = [
        where
        for where, node in handlers()
        if _names(node) & BROAD and not (_logs_the_traceback(node) or _raises_again(node))
    ]
    assert not quiet, f"caught without the traceback logged: {quiet}"


def test_no_handler_passes_in_silence():
    silent = [
        where
        for where, node in handlers()
        if all(
            isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            for s in node.body
        )
    ]
    assert not silent, f"an exception swallowed without a word: {silent}"


def test_the_checks_see_a_quiet_handler():
    tree = ast.parse("try:\n    f()\nexcept Exception as exc:\n    x = str(exc)\nexcept ValueError:\n    pass\n")
    broad, narrow = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    assert _names(broad) == {"Exception"} and not _logs_the_traceback(broad) and not _raises_again(broad)
    logged = ast.parse("try:\n    f()\nexcept Exception:\n    log.debug('x', exc_info=True)\n").body[0].handlers[0]
    assert _logs_the_traceback(logged)
    assert all(isinstance(s, ast.Pass) for s in narrow.body)
