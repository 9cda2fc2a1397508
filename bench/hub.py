"""A class on one JupyterHub: how long a student waits, and what a server costs.

    python -m bench.hub                      # five students, into _build/bench-hub.md
    python -m bench.hub --students 8

``make bench-hub`` runs this. The hub, its proxy, the single-user servers and
the students' Chromium are the ones the hub test drives (tests/hub/classroom.py),
all on this machine. Measured:

- time from opening the chapter's link to a running chapter (logged in, server
  started, repository pulled, notebook open, kernel idle), for the first student
  alone and for the others arriving together; the time to run all its cells;
- the time of a second visit that pulls a new commit (server already running);
- resident memory of each single-user server with its kernel (peak), of the hub
  and proxy, and of everything with all students active; CPU seconds per student.

The browsers run on the same cores as the servers, so the times are an upper
bound for a hub whose students sit at their own computers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from booksite import toc_files  # noqa: E402
from hub.classroom import (  # noqa: E402
    CHROMIUM_ARGS,
    Hub,
    MemorySampler,
    Remote,
    Student,
    chromium_path,
    first_visit,
    hub_link,
    lab_path,
    missing_tools,
    repository_settings,
    revise_first_markdown_cell,
)

CHAPTER = next(page for page in toc_files() if Path(page).name.startswith("01_"))
NAMES = [
    "ada",
    "blaise",
    "carl",
    "dora",
    "emmy",
    "fermat",
    "gauss",
    "hilbert",
    "ida",
    "jacobi",
]
MIB = 1024 * 1024


async def measure(n: int, workdir: Path, log) -> dict:
    from playwright.async_api import async_playwright

    repo_url, branch = repository_settings()
    remote = Remote.create(workdir, branch)
    hub = Hub(workdir / "hub", remote, repo_url)
    link = hub_link(CHAPTER, hub.url, workdir / "link")
    out: dict = {"n": n}
    with hub, MemorySampler(hub) as memory:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            students = [await Student.join(browser, name, hub) for name in NAMES[:n]]
            try:
                log("first student ...")
                out["first"] = await first_visit(students[0], link, hub, CHAPTER)
                _, out["total_one"] = memory.sample()
                log(f"{n - 1} more students at once ...")
                start = time.monotonic()
                out["later"] = await asyncio.gather(
                    *(first_visit(s, link, hub, CHAPTER) for s in students[1:])
                )
                out["later_wall"] = time.monotonic() - start
                await asyncio.sleep(2)
                per, out["total_all"] = memory.sample()
                out["servers_now"] = per
                log("second visit, with a new commit ...")
                remote.commit(
                    f"{CHAPTER}.ipynb",
                    lambda t: revise_first_markdown_cell(t, "*Revised.*"),
                    "Revise the chapter",
                )
                out["second"] = await students[0].open_link(link, lab_path(CHAPTER))
                memory.sample()
            finally:
                for s in students:
                    await s.leave()
                await browser.close()
        out["peak"] = dict(memory.peak_per_student)
        out["peak_total"] = memory.peak_total
        out["cpu"] = {s: memory.cpu_seconds(s) for s in NAMES[:n]}
        out["hub_cpu"] = memory.cpu_seconds(None)
    return out


def table(r: dict) -> list[str]:
    n = r["n"]
    later_open = [v.open for v in r["later"]]
    later_run = [v.run for v in r["later"]]
    peaks = sorted(r["peak"].values())
    hub_and_proxy = r["total_all"] - sum(r["servers_now"].values())
    cpu = sorted(r["cpu"].values())
    load = os.getloadavg()[0]
    return [
        "# A class on one JupyterHub",
        "",
        f"One machine, {os.cpu_count()} cores, load average {load:.1f} at the end; "
        f"{n} students in Chromium on the same machine; chapter `{CHAPTER}`.",
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| first student: link to running chapter (log in, start server, clone, "
        f"open, kernel idle) | {r['first'].open:.1f} |",
        f"| first student: run all cells | {r['first'].run:.1f} |",
        f"| {n - 1} later students at once: link to running chapter, median (max) | "
        f"{statistics.median(later_open):.1f} ({max(later_open):.1f}) |",
        f"| {n - 1} later students at once: run all cells, median (max) | "
        f"{statistics.median(later_run):.1f} ({max(later_run):.1f}) |",
        f"| {n - 1} later students: all of them running, from the first click "
        f"| {r['later_wall']:.1f} |",
        f"| second visit after a new commit (pull and merge, server running) | "
        f"{r['second']:.1f} |",
        "",
        "| memory (resident) | MiB |",
        "|---|---:|",
        f"| one single-user server with its kernel, peak: median (max) over "
        f"{n} students | {statistics.median(peaks) / MIB:.0f} "
        f"({peaks[-1] / MIB:.0f}) |",
        f"| hub and proxy | {hub_and_proxy / MIB:.0f} |",
        f"| everything, one student active | {r['total_one'] / MIB:.0f} |",
        f"| everything, {n} students active | {r['total_all'] / MIB:.0f} |",
        f"| everything, peak | {r['peak_total'] / MIB:.0f} |",
        "",
        f"CPU per student (server and kernel, whole session): median "
        f"{statistics.median(cpu):.1f} s, max {cpu[-1]:.1f} s; hub and proxy "
        f"{r['hub_cpu']:.1f} s.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="_build/bench-hub.md")
    parser.add_argument(
        "--students", type=int, default=5, help=f"2 to {len(NAMES)} (default 5)"
    )
    args = parser.parse_args(argv)
    if not 2 <= args.students <= len(NAMES):
        parser.error(
            f"--students must be between 2 and {len(NAMES)}, got {args.students}"
        )
    missing = missing_tools() + ([] if chromium_path() else ["Chromium"])
    if missing:
        print(f"bench.hub needs: {', '.join(missing)}", file=sys.stderr)
        return 1

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="nnbook-bench-hub-"))
    try:
        result = asyncio.run(
            asyncio.wait_for(measure(args.students, workdir, log), 900)
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = "\n".join(table(result))
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    log(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
