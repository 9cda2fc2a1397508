"""Run every benchmark, print the tables and write them to a Markdown file.

    python -m bench.run                       # everything, into _build/bench.md
    python -m bench.run --build 0             # skip the (slow) build timings
    python -m bench.run --only training       # one part: training, sliders, lab, live, build

``make bench`` runs this with one thread and scikit-learn installed. See
bench/README.md for what is measured and how to read it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

import bench  # noqa: F401 - sets the one-thread environment before numpy loads

from .timing import load_average, one_thread
from .training import WorkloadResult, line_workload, mlp_workload, run_workload

PARTS = ("training", "sliders", "lab", "live", "build")

# The targets.
NNLIB_VS_HAND = 1.25  # nnlib's time at most this times the hand-written loop's
FASTER_THAN = {"scikit-learn": 1.6, "PyTorch": 3.5}  # nnlib at least this much faster
SLIDER_MS = 30.0
SLIDER_RATIO = 0.6


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _versions() -> str:
    parts = [f"Python {platform.python_version()}", f"numpy {np.__version__}"]
    for mod in ("sklearn", "torch", "matplotlib"):
        try:
            parts.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            parts.append(f"{mod} not installed")
    return ", ".join(parts)


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def training_section(results: list[WorkloadResult]) -> list[str]:
    out = [
        "## Training speed",
        "",
        "Time of a whole training run, median of the measured runs; **x hand** is that",
        "time over the hand-written numpy loop's (lower is faster), from the process's",
        "CPU time (what the targets are judged on: other work on the machine cannot",
        "inflate it; on an idle machine it equals wall time) and from wall time.",
        "*loss* is the loss after all but the last step, which every contender",
        "records: equal losses show they did the same work. ±: half the spread",
        "(max - min) of the CPU runs, as a share of their median.",
        "",
    ]
    for r in results:
        w = r.workload
        out += [
            f"### {w.name}: {w.description}",
            "",
            "| contender | CPU (ms) | wall (ms) | x hand (CPU) | x hand (wall) | loss | note |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for m in r.measured:
            if m.timing is None:
                out.append(f"| {m.name} | - | - | - | - | - | {m.note} |")
                continue
            out.append(
                f"| {m.name} | {m.timing.cpu_median * 1e3:.1f} "
                f"(±{m.timing.cpu_spread * 50:.0f}%) | {m.timing.median * 1e3:.1f} | "
                f"{r.ratio(m):.2f} | {r.ratio(m, cpu=False):.2f} | {m.loss:.10g} | {m.note} |"
            )
        fair = "same loss" if r.fair else "**losses differ: not a fair comparison**"
        out += [
            "",
            f"{len(r.baseline.timing.runs)} measured runs per contender. Largest relative "
            f"loss gap to the hand-written loop: {r.max_loss_gap:.1e} ({fair}).",
            "",
        ]
        out += _targets(r)
    return out


def _targets(r: WorkloadResult) -> list[str]:
    by_name = {m.name: m for m in r.measured}
    nn = by_name.get("nnlib")
    if nn is None or nn.timing is None:
        return ["nnlib could not be timed on this workload.", ""]
    rows = ["| target | measured | met |", "|---|---:|---|"]
    ratio = r.ratio(nn)
    rows.append(
        f"| nnlib within {NNLIB_VS_HAND}x of the hand-written loop | {ratio:.2f}x | "
        f"{_yes(ratio <= NNLIB_VS_HAND)} |"
    )
    for peer, factor in FASTER_THAN.items():
        m = by_name.get(peer)
        if m is None or m.timing is None:
            rows.append(
                f"| nnlib >= {factor}x faster than {peer} | not installed | - |"
            )
            continue
        speedup = m.timing.cpu_median / nn.timing.cpu_median
        rows.append(
            f"| nnlib >= {factor}x faster than {peer} | {speedup:.2f}x | "
            f"{_yes(speedup >= factor)} |"
        )
    return rows + [""]


def sliders_section(results) -> list[str]:
    out = [
        "## Slider latency",
        "",
        "From a control's new value to the refreshed PNG in the panel's image, median",
        "over the changes (warm-up changes left out), CPU time (wall time beside).",
        "*rebuild* is the naive way, as `interact` would do it: a new figure, `draw`,",
        "`update`, render, per change.",
        "",
        "| panel | controls | changes | live CPU (ms) | live wall (ms) | rebuild CPU (ms) "
        f"| live / rebuild | <= {SLIDER_MS:.0f} ms | <= {SLIDER_RATIO}x |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for s in results:
        live = s.live.cpu_median * 1e3
        out.append(
            f"| {s.panel} | {s.n_controls} | {len(s.live.runs)} | {live:.1f} | "
            f"{s.live.median * 1e3:.1f} | {s.rebuild.cpu_median * 1e3:.1f} | {s.ratio:.2f} | "
            f"{_yes(live <= SLIDER_MS)} | {_yes(s.ratio <= SLIDER_RATIO)} |"
        )
    return out + [""]


def build_section(b) -> list[str]:
    base = b.notebooks_total
    out = [
        "## Build and test time",
        "",
        "The Makefile's targets, run in a temporary copy of the work tree (linked to the",
        "real .venv). The notebooks' own time is the sum of",
        "their cells' execution times, each notebook run once with nbclient in a fresh",
        "kernel; every other row is shown as a multiple of it.",
        "",
        "| step | seconds | x notebooks' own time |",
        "|---|---:|---:|",
        f"| notebooks' own execution ({len(b.notebooks)} notebooks) | {base:.1f} | 1.00 |",
        f"| clean `make book` (empty cache; book and JupyterLite site) | {b.clean_build:.1f} | {b.clean_build / base:.2f} |",
        f"| `make book` again, nothing changed | {b.rebuild:.1f} | {b.rebuild / base:.2f} |",
        f"| `make nbval` ({b.nbval_summary.strip('= ')}) | {b.nbval:.1f} | {b.nbval / base:.2f} |",
        "",
        "| notebook | cells' execution (s) |",
        "|---|---:|",
    ]
    out += [f"| {name} | {sec:.1f} |" for name, sec in b.notebooks.items()]
    return out + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", default="_build/bench.md", help="Markdown file to write"
    )
    parser.add_argument("--repeats", type=int, default=7, help="measured runs (>= 5)")
    parser.add_argument(
        "--build",
        default=os.environ.get("BENCH_BUILD", "1"),
        help="1 to time the book build and nbval (slow), 0 to skip",
    )
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts among {', '.join(PARTS)}",
    )
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if args.build in ("0", "no", "false"):
        parts.discard("build")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # Import the peers before limiting threads, so their pools are limited too.
    for mod in ("sklearn.neural_network", "torch"):
        try:
            __import__(mod)
        except ImportError:
            pass
    threads = one_thread()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    load_before = load_average()
    started = time.perf_counter()
    lines = [
        "# nnlib benchmarks",
        "",
        f"Machine: {_cpu()}, {os.cpu_count()} cores; {_versions()}.",
        f"One thread: {threads}; float64; timings in-process and warm (imports and",
        f"a first run left out); at least {args.repeats} measured runs each (more for",
        "short workloads), round-robin; medians.",
        "",
    ]
    if "training" in parts:
        log("training speed ...")
        results = [
            run_workload(w, args.repeats) for w in (mlp_workload(), line_workload())
        ]
        lines += training_section(results)
    if "sliders" in parts:
        from .sliders import slider_latencies

        log("slider latency ...")
        lines += sliders_section(slider_latencies())
    if "lab" in parts:
        from .browser_latency import browser_latencies, lab_section

        log("slider latency in JupyterLab and Chromium ...")
        try:
            lab_load = load_average()
            lab_results = browser_latencies()
            lines += lab_section(lab_results, (lab_load, load_average()))
        except Exception as error:  # noqa: BLE001 - report, keep the other parts
            lines += [
                "## Slider latency in the browser",
                "",
                f"Not measured: {error}",
                "",
            ]
    if "live" in parts:
        from .live import live_numbers, live_section

        log("live panel in the browser (needs the built site and Chromium) ...")
        try:
            lines += live_section(live_numbers(log))
        except Exception as error:  # noqa: BLE001 - report, keep the other parts
            lines += ["## Live panel in the browser", "", f"Not measured: {error}", ""]
    if "build" in parts:
        from .build import build_times

        log("build and test time (set BENCH_BUILD=0 to skip) ...")
        lines += build_section(build_times(log))
    else:
        lines += [
            "## Build and test time",
            "",
            "Skipped (BENCH_BUILD=0 or --only).",
            "",
        ]
    load_after = load_average()
    if load_before is not None and load_after is not None:
        lines += [
            f"Load average (1 min) {load_before:.2f} before, {load_after:.2f} after; "
            f"{os.cpu_count()} cores. Above about 1, other work shared the machine: "
            "wall times then run above CPU times, which the targets are judged on.",
            f"Total time of this run: {time.perf_counter() - started:.0f} s.",
            "",
        ]
    text = "\n".join(lines)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    log(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
