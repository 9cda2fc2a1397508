"""A class on one JupyterHub, end to end, on this machine's loopback.

A real JupyterHub (DummyAuthenticator, SimpleLocalProcessSpawner, the pinned
configurable-http-proxy) serves five students, each in their own Chromium
context. Each opens the link of the chapter's JupyterHub button (from a page
built with ``launch_buttons.jupyterhub_url`` set to this hub), logs in, lands
in the chapter that nbgitpuller pulled into their home, runs every cell and
moves a slider. Then the book changes mid-term: one student's edit must
survive the update, the update must arrive, the other students must not be
touched, and deleting a chapter and opening its link again must give a fresh
copy. The harness is tests/hub/classroom.py; the timings and memory of the
same steps are in bench/hub.py (``make bench-hub``).

``make hub`` (part of ``make test``) runs this module. It skips without
Chromium, Node.js or the pinned tools, unless NNBOOK_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from booksite import need, toc_files

from .classroom import (
    CHROMIUM_ARGS,
    Hub,
    MemorySampler,
    Remote,
    Student,
    Visit,
    chromium_path,
    first_visit,
    git,
    hub_link,
    lab_path,
    missing_tools,
    notebook_outputs,
    notebook_text,
    repository_name,
    repository_settings,
    revise_first_markdown_cell,
    with_timeout,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STUDENTS = ["ada", "blaise", "carl", "dora", "emmy"]
CHAPTER = next(page for page in toc_files() if Path(page).name.startswith("01_"))
"""Chapter 1 (``book/01_neuron``): figures, an animation and slider panels."""

BUDGET = 540
"""Seconds the whole class may take, hub start to stop (typically 2-3 min)."""

REVISION = "*Revised for this term: the first chapter now links the exercises.*"
NOTE = "# my note: kept when the book is updated"


@dataclass
class ClassRun:
    """What the class did, for the tests below to check."""

    link: str = ""
    visits: dict[str, Visit] = field(default_factory=dict)
    outside: dict[str, list[str]] = field(default_factory=dict)
    before_update: dict[str, bytes] = field(default_factory=dict)
    after_update: dict[str, bytes] = field(default_factory=dict)
    edited_after_pull: str = ""
    edited_page_shows: dict[str, bool] = field(default_factory=dict)
    other_after_pull: str = ""
    reset_after_pull: str = ""
    upstream_after_update: str = ""
    new_commit: str = ""
    edited_head_has_commit: bool = False
    kernels_alive: dict[str, bool] = field(default_factory=dict)
    peak_per_student: dict[str, int] = field(default_factory=dict)
    leftover: list[int] = field(default_factory=list)
    still_running: list[str] = field(default_factory=list)
    steps: list[tuple[str, float]] = field(default_factory=list)
    broken_link_error: str = ""

    def step(self, what: str) -> None:
        """Note when a step ended (seconds since the class began), for reports."""
        if not self.steps:
            self.steps.append(("start", time.monotonic()))
        self.steps.append((what, time.monotonic() - self.steps[0][1]))


def chapter_file(hub: Hub, student: str) -> Path:
    return hub.home(student) / repository_name() / f"{CHAPTER}.ipynb"


async def the_class(
    browser, hub: Hub, remote: Remote, link: str, run: ClassRun
) -> None:
    run.step("hub started")
    students = [await Student.join(browser, name, hub) for name in STUDENTS]
    try:
        # Five students open the link at once, run the chapter, move a slider.
        visits = await asyncio.gather(
            *(first_visit(s, link, hub, CHAPTER) for s in students)
        )
        run.visits = dict(zip(STUDENTS, visits, strict=True))
        for s in students:
            run.before_update[s.name] = chapter_file(hub, s.name).read_bytes()
        run.step("five students ran the chapter")

        # One student edits the last code cell and saves.
        editor, other, resetter = students[0], students[1], students[2]
        code_cells = len(notebook_outputs(chapter_file(hub, editor.name))[0])
        await editor.edit_last_code_cell(f"\n{NOTE}", code_cells)
        await editor.save(chapter_file(hub, editor.name), must_contain=NOTE)

        # The teacher changes the same chapter elsewhere and pushes.
        run.new_commit = remote.commit(
            f"{CHAPTER}.ipynb",
            lambda t: revise_first_markdown_cell(t, REVISION),
            "Revise the first chapter's introduction",
        )
        run.upstream_after_update = notebook_text(remote.teacher / f"{CHAPTER}.ipynb")
        run.step("edit saved, new commit pushed")

        # The editing student opens the link again.
        await editor.open_link(link, lab_path(CHAPTER))
        edited = chapter_file(hub, editor.name)
        run.edited_after_pull = notebook_text(edited)
        run.step("editing student pulled again")
        log = git("log", "--format=%H", cwd=hub.home(editor.name) / repository_name())
        run.edited_head_has_commit = run.new_commit in log.split()
        run.edited_page_shows = {
            "revision": await editor.cell_shows(0, "Revised for this term"),
            "note": await editor.cell_shows(-1, NOTE, code=True, total=code_cells),
        }
        for s in students[1:]:
            run.after_update[s.name] = chapter_file(hub, s.name).read_bytes()
            run.kernels_alive[s.name] = await s.kernel_ready()

        # Another student takes the update; a third resets the chapter by
        # deleting it and opening the link again.
        await other.open_link(link, lab_path(CHAPTER))
        run.other_after_pull = notebook_text(chapter_file(hub, other.name))
        chapter_file(hub, resetter.name).unlink()
        await resetter.open_link(link, lab_path(CHAPTER))
        run.reset_after_pull = notebook_text(chapter_file(hub, resetter.name))
        run.step("update and reset pulled")

        # A link whose pull cannot work (a branch the repository lacks) fails
        # with nbgitpuller's error, which the harness reports.
        broken = run.link.replace(
            f"branch={repository_settings()[1]}", "branch=no-such-branch"
        )
        try:
            await students[3].open_link(broken, lab_path(CHAPTER), timeout=120)
        except RuntimeError as e:
            run.broken_link_error = str(e)
        run.step("broken link tried")
    finally:
        for s in students:
            run.outside[s.name] = s.outside
            await s.leave()


async def run_class(run: ClassRun, workdir: Path) -> None:
    from playwright.async_api import async_playwright

    repo_url, branch = repository_settings()
    remote = Remote.create(workdir, branch)
    hub = Hub(workdir / "hub", remote, repo_url)
    run.link = hub_link(CHAPTER, hub.url, workdir / "link")
    try:
        with hub, MemorySampler(hub) as memory:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS
                )
                try:
                    await the_class(browser, hub, remote, run.link, run)
                finally:
                    await browser.close()
            run.peak_per_student = dict(memory.peak_per_student)
    finally:
        run.leftover = hub.stop()
        run.still_running = [p.command for p in hub.processes()]


@pytest.fixture(scope="module")
def class_run() -> ClassRun:
    need(
        chromium_path() is not None,
        "no Chromium found (apt-get install chromium, or set NNBOOK_CHROMIUM)",
    )
    missing = missing_tools()
    need(not missing, f"the hub test needs: {', '.join(missing)}")
    workdir = Path(tempfile.mkdtemp(prefix="nnbook-hub-"))
    run = ClassRun()
    try:
        asyncio.run(with_timeout(run_class(run, workdir), BUDGET, "the class"))
    finally:
        print(
            "hub test steps (s):", ", ".join(f"{w} {t:.0f}" for w, t in run.steps[1:])
        )
        shutil.rmtree(workdir, ignore_errors=True)
    return run


def test_link_is_the_book_button_for_this_hub_and_chapter(class_run):
    url = urlsplit(class_run.link)
    assert (url.scheme, url.hostname) == ("http", "127.0.0.1")
    assert url.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    repo_url, branch = repository_settings()
    assert query == {
        "repo": repo_url,
        "branch": branch,
        "urlpath": f"lab/tree/{repository_name()}/{CHAPTER}.ipynb",
    }


@pytest.mark.parametrize("student", STUDENTS)
def test_student_runs_the_chapter_and_moves_a_slider(class_run, student):
    visit = class_run.visits[student]
    assert visit.errors == [], f"{student}: cells raised {visit.errors}"
    assert visit.counts == list(range(1, len(visit.counts) + 1)), (
        f"{student}: not every cell ran, in order: {visit.counts}"
    )
    before, after = visit.figure
    assert before and after and before != after


def test_edit_is_kept_and_the_update_arrives(class_run):
    text = class_run.edited_after_pull
    assert NOTE in text, "the student's edit was lost"
    assert REVISION in text, "the teacher's new commit did not arrive"
    assert class_run.edited_head_has_commit
    assert class_run.edited_page_shows == {"note": True, "revision": True}


def test_other_students_are_not_affected(class_run):
    for name, content in class_run.after_update.items():
        assert content == class_run.before_update[name], f"{name}'s chapter changed"
        assert class_run.kernels_alive[name], f"{name}'s kernel is gone"
    other = class_run.other_after_pull
    assert REVISION in other and NOTE not in other


def test_deleting_a_chapter_and_opening_the_link_gives_a_fresh_copy(class_run):
    assert class_run.reset_after_pull == class_run.upstream_after_update


def test_every_process_is_stopped(class_run):
    assert class_run.still_running == []
    # Memory was seen for every student's server (hence the processes were ours).
    assert sorted(class_run.peak_per_student) == STUDENTS


def test_a_link_whose_pull_fails_is_reported(class_run):
    assert "nbgitpuller failed" in class_run.broken_link_error
    assert "no-such-branch" in class_run.broken_link_error
