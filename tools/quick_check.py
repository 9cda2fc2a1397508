"""Quick checks: short self-test questions that answer at once, with no kernel.

A quick check is a markdown cell in plain HTML and Markdown. Each answer is
a ``<details>`` element: clicking it opens the feedback underneath, which
says whether the answer is right and why. No script is involved, so the
check works the same in the book's web pages, in JupyterLab and in
JupyterLite (whose notebooks are never trusted, so stored script outputs
would not run there), on GitHub, and offline. The book's stylesheet
(``_static/quick-check.css``) colours a chosen answer green or vermillion;
without it the words "Right." and "Not quite." carry the same message.

The cell pattern (see README, "How to add a chapter")::

    <div class="quick-check">

    **Quick check.** The question, with $math$ if needed.

    <details class="qc-wrong"><summary>A. 7</summary>

    **Not quite.** Why this answer is wrong.

    </details>
    <details class="qc-right"><summary>B. 6</summary>

    **Right.** Why it is right.

    </details>
    </div>

The summaries (the answers) are plain text; write powers and symbols as
Unicode (x², Δ, ·), since the book does not typeset math inside them.

``python tools/quick_check.py`` prints an empty pattern to paste; from Python,
:func:`render` writes a cell from a question and its answers, and
:func:`parse` reads every quick check of a notebook back (the tests use it).
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Option", "QuickCheck", "render", "parse", "notebook_checks"]

OPEN = '<div class="quick-check">'
_OPTION = re.compile(
    r'<details class="qc-(?P<kind>right|wrong)"><summary>(?P<answer>.*?)</summary>'
    r"(?P<feedback>.*?)</details>",
    re.DOTALL,
)
_BLOCK = re.compile(re.escape(OPEN) + r"(?P<body>.*?)\n</div>", re.DOTALL)


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
        raise ValueError("options must have exactly one right answer "
                         f"(right=True); got {sum(bool(r) for _, r, _ in options)}")
    lines = [OPEN, "", f"**Quick check.** {question.strip()}", ""]
    for k, (answer, right, why) in enumerate(options):
        if not why.strip():
            raise ValueError(f"options[{k}]: the explanation (why) must not be empty")
        kind, verdict = ("right", "Right.") if right else ("wrong", "Not quite.")
        letter = chr(ord("A") + k)
        lines += [
            f'<details class="qc-{kind}"><summary>{letter}. {html.escape(answer)}</summary>',
            "",
            f"**{verdict}** {why.strip()}",
            "",
            "</details>",
        ]
    lines.append("</div>")
    return "\n".join(lines)


def parse(markdown: str) -> list[QuickCheck]:
    """Every quick check in a piece of markdown, in order."""
    checks = []
    for block in _BLOCK.finditer(markdown):
        body = block.group("body")
        first = body.find("<details")
        question = body[:first] if first >= 0 else body
        question = question.strip().removeprefix("**Quick check.**").strip()
        options = tuple(
            Option(html.unescape(m.group("answer").strip()), m.group("kind") == "right",
                   m.group("feedback").strip())
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
    print(render("The question?", [
        ("a wrong answer", False, "Why it is wrong."),
        ("the right answer", True, "Why it is right."),
    ]))
    sys.exit(0)
