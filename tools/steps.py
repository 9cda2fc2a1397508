"""Run one long step of `make book` or `make test`, showing progress, and time it.

    python tools/steps.py run LABEL [--filter KIND] -- COMMAND...
    python tools/steps.py summary

``run`` prints a header for the step, runs the command, and shows its output
shortened by KIND, so that a long step never looks hung and never floods the
terminal:

- ``pip``: one line per ten packages collected, then pip's closing line;
- ``build``: the notebooks being executed, warnings, errors and the closing
  lines of a Jupyter Book or JupyterLite build;
- ``all`` (the default): every line.

Lines that say nothing useful (the kernel's notice that its local TCP sockets
are unencrypted, repeated once per notebook) are dropped in every mode. If the
command fails, its last 200 lines are printed in full. The step's wall time is
appended to ``_build/.step-times``; ``summary`` prints those times and clears
the file. Standard library only: it runs before the virtualenv exists.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import time
from pathlib import Path

TIMES = Path(__file__).resolve().parent.parent / "_build" / ".step-times"

NOISE = re.compile(r"Kernel is running over TCP without encryption")

BUILD_KEEP = re.compile(
    r"Executing notebook|Executed notebook|WARNING|ERROR|Error|Traceback"
    r"|build succeeded|build finished|Finished generating|JupyterLite site"
    r"|\.\s*(done|failed)\b",
)


class Shortener:
    """Decides which lines of a step's output to show."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.collected = 0

    def show(self, line: str) -> str | None:
        if NOISE.search(line):
            return None
        if self.kind == "pip":
            if line.startswith("Collecting "):
                self.collected += 1
                if self.collected % 10 == 0:
                    return f"  ... {self.collected} packages collected"
                return None
            if line.startswith(("Successfully installed", "ERROR")):
                count = len(line.split()) - 2
                if line.startswith("Successfully"):
                    return f"  installed {count} packages"
                return line
            return None
        if self.kind == "build":
            return line if BUILD_KEEP.search(line) else None
        return line


def run(label: str, kind: str, command: list[str]) -> int:
    print(f"==> {label}", flush=True)
    start = time.monotonic()
    tail: collections.deque[str] = collections.deque(maxlen=200)
    shortener = Shortener(kind)
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        bufsize=1,
    )
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.rstrip("\n")
        tail.append(line)
        shown = shortener.show(line)
        if shown is not None:
            print(shown, flush=True)
    status = process.wait()
    seconds = time.monotonic() - start
    if status != 0:
        print(f"--- {label} failed (exit {status}); its last lines:")
        print("\n".join(line for line in tail if not NOISE.search(line)))
    else:
        print(f"    {label}: {seconds:.0f} s", flush=True)
        TIMES.parent.mkdir(parents=True, exist_ok=True)
        with TIMES.open("a", encoding="utf-8") as out:
            out.write(f"{seconds:.1f}\t{label}\n")
    return status


def summary() -> int:
    if not TIMES.is_file():
        return 0
    rows = [line.split("\t", 1) for line in TIMES.read_text().splitlines() if line]
    TIMES.unlink()
    if rows:
        width = max(len(label) for _, label in rows)
        print("\nTime per step:")
        for seconds, label in rows:
            print(f"  {label:<{width}}  {float(seconds):6.0f} s")
        total = sum(float(seconds) for seconds, _ in rows)
        print(f"  {'total':<{width}}  {total:6.0f} s")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["summary"]:
        return summary()
    if len(argv) < 4 or argv[0] != "run" or "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    options, command = argv[1:split], argv[split + 1 :]
    label, kind = options[0], "all"
    if "--filter" in options:
        kind = options[options.index("--filter") + 1]
        if kind not in ("pip", "build", "all"):
            print(f"--filter must be pip, build or all, not {kind!r}", file=sys.stderr)
            return 2
    if not command:
        print("no command given after --", file=sys.stderr)
        return 2
    return run(label, kind, command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
