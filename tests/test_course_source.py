import inspect
import textwrap

import pytest

import nnlib
from nnlib.course import source


def test_docstring_removed_and_code_kept():
    code = source.without_docstring(nnlib.numerical_gradient)
    full = inspect.getsource(nnlib.numerical_gradient)
    assert nnlib.numerical_gradient.__doc__.strip().splitlines()[0] in full
    assert nnlib.numerical_gradient.__doc__.strip().splitlines()[0] not in code
    assert code.startswith("def numerical_gradient(")
    body = [line for line in full.splitlines() if line.strip().startswith(("for ", "return "))]
    assert body and all(line in code.splitlines() for line in body)
    compile(code, "<code>", "exec")  # still valid Python


def test_function_without_docstring_is_unchanged():
    def plain(a):
        return a + 1
    assert source.without_docstring(plain) == textwrap.dedent(inspect.getsource(plain))


def test_show_prints(capsys):
    source.show(nnlib.gradient_descent)
    out = capsys.readouterr().out
    assert "for step in range(steps):" in out and '"""' not in out


def test_refuses_a_class():
    with pytest.raises(TypeError, match="func"):
        source.without_docstring(nnlib.Network)
