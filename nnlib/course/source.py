"""Show a function's code in a lesson, without its docstring.

The docstrings of nnlib are written in English for programmers; a lesson shows
the code a student should read (the loop), in either language's notebook,
without a block of English prose in the middle of a Korean lesson.
"""

import ast
import inspect
import textwrap


def without_docstring(func):
    """The source code of ``func`` with its docstring removed.

    Parameters
    ----------
    func : function

    Returns
    -------
    str
        The ``def`` line(s) and the body, as written, minus the docstring lines.
    """
    source = textwrap.dedent(inspect.getsource(func))
    node = ast.parse(source).body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise TypeError(f"func must be a function, got {func!r}")
    first = node.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        return source
    lines = source.splitlines(keepends=True)
    return "".join(lines[:first.lineno - 1] + lines[first.end_lineno:])


def show(func):
    """Print the code of ``func`` without its docstring."""
    print(without_docstring(func), end="")
