"""Quick checks: short self-test questions that answer at once, with no kernel.

A quick check is one markdown cell: an admonition holding the question and
one dropdown per answer. Clicking an answer opens its feedback, which says
whether the answer is right and why. Both are MyST directives that become
HTML ``<details>`` elements, with no script: Jupyter Book renders them in the
web pages (``{dropdown}`` comes from sphinx-design), and jupyterlab-myst in
JupyterLab and JupyterLite, also for notebooks that are not trusted (a
JupyterLite notebook never is, so a stored script output, such as a
jupyterquiz quiz, would not run there until the reader runs its cell). They
work offline. The book's stylesheet (``_static/quick-check.css``) colours a
chosen answer green or vermillion; the words "Right." and "Not quite." say
the same for every reader.

The cell pattern (see README, "Quick checks")::

    ::::{admonition} Quick check
    :class: quick-check

    The question, with $math$ if needed.

    :::{dropdown} A. 7
    :class-container: qc-wrong

    **Not quite.** Why this answer is wrong.
    :::

    :::{dropdown} B. 6
    :class-container: qc-right

    **Right.** Why it is right.
    :::
    ::::

Write the answers (the dropdown titles) as plain text, with Unicode for
symbols (x², Δ, ·).

``python tools/quick_check.py`` prints an empty pattern to paste; from Python,
:func:`render` writes a cell from a question and its answers, and
:func:`parse` reads every quick check of a notebook back (the tests use it).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Option", "QuickCheck", "render", "parse", "notebook_checks"]

OPEN = "::::{admonition} Quick check\n:class: quick-check\n"
_OPTION = re.compile(
    r"^:::\{dropdown\} (?P<answer>.*?)\n:class-container: qc-(?P<kind>right|wrong)\n"
    r"(?P<feedback>.*?)^:::$",
    re.DOTALL | re.MULTILINE,
)
_BLOCK = re.compile(re.escape(OPEN) + r"(?P<body>.*?)^::::$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Option:
    """One answer: its text, whether it is right, and the feedback shown when chosen."""

    answer: str
    right: bool
    feedback: str


@dataclass(frozen=True)
class QuickCheck:
    """A question and its answers, exactly one of them right."""

    question: str
    options: tuple[Option, ...]


def render(question: str, options: list[tuple[str, bool, str]]) -> str:
    """The markdown of one quick check.

    Parameters
    ----------
    question : str
        The question (Markdown; math allowed).
    options : list of (answer, right, why)
        The answers in the order shown. ``answer`` is plain text (letters
        "A.", "B.", ... are added); exactly one has ``right`` True; ``why``
        (Markdown) explains why that answer is right or wrong.
    """
    if not question.strip():
        raise ValueError("question must not be empty")
    if len(options) < 2:
        raise ValueError(f"options must hold at least 2 answers; got {len(options)}")
    if sum(bool(right) for _, right, _ in options) != 1:
        raise ValueError(
            "options must have exactly one right answer "
            f"(right=True); got {sum(bool(r) for _, r, _ in options)}"
        )
    lines = [OPEN.rstrip("\n"), "", question.strip(), ""]
    for k, (answer, right, why) in enumerate(options):
        if not why.strip():
            raise ValueError(f"options[{k}]: the explanation (why) must not be empty")
        kind, verdict = ("right", "Right.") if right else ("wrong", "Not quite.")
        letter = chr(ord("A") + k)
        lines += [
            f":::{{dropdown}} {letter}. {answer.strip()}",
            f":class-container: qc-{kind}",
            "",
            f"**{verdict}** {why.strip()}",
            ":::",
            "",
        ]
    lines[-1] = "::::"
    return "\n".join(lines)


def parse(markdown: str) -> list[QuickCheck]:
    """Every quick check in a piece of markdown, in order."""
    checks = []
    for block in _BLOCK.finditer(markdown):
        body = block.group("body")
        first = body.find(":::{dropdown}")
        question = (body[:first] if first >= 0 else body).strip()
        options = tuple(
            Option(
                m.group("answer").strip(),
                m.group("kind") == "right",
                m.group("feedback").strip(),
            )
            for m in _OPTION.finditer(body)
        )
        checks.append(QuickCheck(question, options))
    return checks


def notebook_checks(path: Path) -> list[QuickCheck]:
    """Every quick check in the markdown cells of a notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            found += parse("".join(cell["source"]))
    return found


if __name__ == "__main__":
    print(
        render(
            "The question?",
            [
                ("a wrong answer", False, "Why it is wrong."),
                ("the right answer", True, "Why it is right."),
            ],
        )
    )
    sys.exit(0)
