"""Quick checks (tools/quick_check.py): the markup of every chapter's checks is sound.

A quick check gives feedback with no kernel and no script, so its markup is
all there is: these tests read every notebook of _toc.yml and fail on a check
that would mislead a reader (no right answer, two right answers, an answer
with no explanation) or that the book would show broken.
"""

from __future__ import annotations

import json

import pytest
from booksite import ROOT, toc_notebooks
from quick_check import OPEN, notebook_checks, parse, render

NOTEBOOKS = toc_notebooks()


def test_render_and_parse_round_trip():
    text = render(
        "What is $2 + 2$?",
        [
            ("5", False, "One too many."),
            ("4", True, "Two and two."),
        ],
    )
    (check,) = parse(text)
    assert check.question == "What is $2 + 2$?"
    assert [(o.answer, o.right) for o in check.options] == [
        ("A. 5", False),
        ("B. 4", True),
    ]
    assert check.options[0].feedback == "**Not quite.** One too many."
    assert check.options[1].feedback == "**Right.** Two and two."


@pytest.mark.parametrize(
    "options, message",
    [
        ([("1", True, "yes")], "at least 2"),
        ([("1", True, "yes"), ("2", True, "also")], "exactly one right"),
        ([("1", False, "no"), ("2", False, "no")], "exactly one right"),
        ([("1", True, "yes"), ("2", False, " ")], r"options\[1\]"),
    ],
)
def test_render_refuses_a_misleading_check(options, message):
    with pytest.raises(ValueError, match=message):
        render("Question?", options)


def test_some_chapter_has_quick_checks():
    assert any(notebook_checks(nb) for nb in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_quick_checks_are_well_formed(notebook):
    checks = notebook_checks(notebook)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    opened = sum(
        "".join(c["source"]).count(OPEN) for c in cells if c["cell_type"] == "markdown"
    )
    assert opened == len(checks), f"{notebook.name}: a quick-check block is not closed"
    if checks:
        assert len(checks) >= 3, (
            f"{notebook.name}: a chapter has at least 3 quick checks"
        )
    for k, check in enumerate(checks, 1):
        where = f"{notebook.relative_to(ROOT)}, quick check {k}"
        assert check.question, f"{where}: no question"
        assert len(check.options) >= 2, f"{where}: fewer than 2 answers"
        assert sum(o.right for o in check.options) == 1, (
            f"{where}: not exactly one right answer"
        )
        for option in check.options:
            verdict = "**Right.**" if option.right else "**Not quite.**"
            assert option.feedback.startswith(verdict), (
                f"{where}: {option.answer!r} lacks {verdict}"
            )
            why = option.feedback.removeprefix(verdict).strip()
            assert len(why) > 10, f"{where}: {option.answer!r} does not say why"
            # the book does not typeset math inside an answer's <summary>
            assert "$" not in option.answer, (
                f"{where}: math in the answer {option.answer!r}"
            )
        answers = [o.answer.split(". ", 1)[-1] for o in check.options]
        assert len(set(answers)) == len(answers), f"{where}: two answers are the same"
