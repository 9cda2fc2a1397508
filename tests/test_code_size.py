"""nnlib stays readable: no function over 60 lines, no module over 400.

A learner opens nnlib to see how it is done; a function that fills two
screens or a module that holds three ideas is harder to read than the maths
it implements. A function's lines run from its ``def`` (or its first
decorator) to its last line, comments and blank lines included, less its
docstring (documentation, which a long public function such as ``train``
rightly has); a method counts on its own, a function nested in another counts
towards its parent as well. A module's lines are all its lines. Run this file as a script to list
every function and module with its length, longest first.
"""

import ast
import sys
from pathlib import Path

NNLIB = Path(__file__).resolve().parent.parent / "nnlib"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def module_lines(path):
    """Number of lines of the file at ``path``."""
    return len(path.read_text(encoding="utf-8").splitlines())


def docstring_lines(node):
    """Lines taken by the docstring of a function ``node`` (0 without one)."""
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.end_lineno - first.lineno + 1
    return 0


def function_lengths(source, name="<source>"):
    """``[(qualified name, first line, length in lines)]`` of every function in ``source``."""
    tree = ast.parse(source, filename=name)
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                qualname = f"{prefix}{child.name}"
                length = child.end_lineno - first + 1 - docstring_lines(child)
                found.append((qualname, first, length))
                visit(child, qualname + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def nnlib_modules():
    return sorted(NNLIB.rglob("*.py"))


def all_functions():
    """``[(length, "path:line qualified name")]`` of every function in nnlib."""
    rows = []
    for path in nnlib_modules():
        rel = path.relative_to(NNLIB.parent)
        source = path.read_text(encoding="utf-8")
        for qualname, line, length in function_lengths(source, str(rel)):
            rows.append((length, f"{rel}:{line} {qualname}"))
    return sorted(rows, reverse=True)


def all_modules():
    """``[(lines, path)]`` of every module in nnlib, longest first."""
    return sorted(
        ((module_lines(p), str(p.relative_to(NNLIB.parent))) for p in nnlib_modules()),
        reverse=True,
    )


# The counter itself, on hand-counted sources.


def test_function_length_counts_from_decorator_to_last_line():
    source = (
        "import functools\n"  # 1
        "\n"  # 2
        "@functools.cache\n"  # 3
        "def f(x):\n"  # 4
        '    """Doc."""\n'  # 5
        "    return x\n"  # 6
        "\n"  # 7
        "class C:\n"  # 8
        "    def m(self):\n"  # 9
        "        def inner():\n"  # 10
        "            return 1\n"  # 11
        "\n"  # 12
        "        return inner()\n"  # 13
        "\n"  # 14
        "def g():\n"  # 15
        '    """Two\n'  # 16
        '    lines."""\n'  # 17
        "    return 2\n"  # 18
    )
    # f: lines 3 to 6 less its one-line docstring; g: 15 to 18 less two.
    assert function_lengths(source) == [
        ("f", 3, 3),
        ("C.m", 9, 5),
        ("C.m.inner", 10, 2),
        ("g", 15, 2),
    ]


def test_a_long_function_is_reported_by_name():
    body = "".join(f"    x{i} = {i}\n" for i in range(70))
    lengths = function_lengths("def long():\n" + body + "    return 0\n")
    assert lengths == [("long", 1, 72)]
    assert lengths[0][2] > MAX_FUNCTION_LINES


# nnlib itself.


def test_the_counter_sees_all_of_nnlib():
    names = {path for _, path in all_modules()}
    assert "nnlib/training.py" in names and "nnlib/plots/style.py" in names
    assert any("train" in where for _, where in all_functions())


def test_no_function_in_nnlib_is_over_60_lines():
    too_long = [
        f"{where} ({n} lines)" for n, where in all_functions() if n > MAX_FUNCTION_LINES
    ]
    assert not too_long, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them into helpers "
        "with one job each):\n" + "\n".join(too_long)
    )


def test_no_module_in_nnlib_is_over_400_lines():
    too_long = [
        f"{path} ({n} lines)" for n, path in all_modules() if n > MAX_MODULE_LINES
    ]
    assert not too_long, (
        f"modules over {MAX_MODULE_LINES} lines (split them by idea):\n"
        + "\n".join(too_long)
    )


def main(limit=15):
    functions, modules = all_functions(), all_modules()
    over_f = sum(n > MAX_FUNCTION_LINES for n, _ in functions)
    over_m = sum(n > MAX_MODULE_LINES for n, _ in modules)
    print(f"functions: {len(functions)}, over {MAX_FUNCTION_LINES} lines: {over_f}")
    for n, where in functions[:limit]:
        print(f"  {n:4d}  {where}")
    print(f"modules: {len(modules)}, over {MAX_MODULE_LINES} lines: {over_m}")
    for n, path in modules[:limit]:
        print(f"  {n:4d}  {path}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
