"""A class on one JupyterHub, on this machine's loopback: the hub, its proxy,
one single-user server per student, the book's repository as a git remote,
and students in Chromium.

Used by the hub test (tests/hub/test_hub.py) and the hub benchmark
(bench/hub.py). The pieces are the ones a real deployment uses:

- ``jupyterhub`` with its own ``DummyAuthenticator`` (one shared password) and
  ``SimpleLocalProcessSpawner`` (each student's home a folder under a
  temporary directory), and ``configurable-http-proxy`` from node_modules;
- single-user servers from this project's environment (.venv), which holds
  the reader requirements and nbgitpuller;
- the book's repository, committed into a temporary "teacher" clone and
  pushed to a bare repository served as ``file://``. The link a student opens
  names ``repository.url`` (from _config.yml) as the book's button does; git
  in the single-user environment rewrites that one URL to the bare repository
  (``url.<bare>.insteadOf``) and may use no protocol but ``file``, so nothing
  leaves the machine;
- the link itself comes from a page of the book built with
  ``launch_buttons.jupyterhub_url`` set to this hub (:func:`hub_link`), so the
  theme's own link builder makes it.

Every process the hub starts (proxy, servers, kernels) carries the variable
``NNBOOK_HUB_RUN`` with this run's id; :meth:`Hub.stop` ends the hub, then
every process still carrying it.
"""

from __future__ import annotations

import asyncio
import html.parser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from chromium import CHROMIUM_ARGS as BASE_CHROMIUM_ARGS  # noqa: E402
from chromium import chromium_path  # noqa: E402, F401 - used by test_hub, bench.hub
from toc import copy_work_tree, repository_url  # noqa: E402

BIN = Path(sys.executable).parent
"""The project's environment (.venv/bin): the hub and the single-user servers."""

PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
"""configurable-http-proxy, pinned in package.json (``npm ci``)."""

PASSWORD = "class-test-password"
"""The DummyAuthenticator's shared password (any user name logs in with it)."""

RUN_MARK = "NNBOOK_HUB_RUN"
"""Environment variable carried by every process a hub run starts."""


def repository_settings(root: Path = ROOT) -> tuple[str, str]:
    """``repository.url`` and ``repository.branch`` from _config.yml."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return repository_url(root), str(config["repository"].get("branch") or "main")


def repository_name(root: Path = ROOT) -> str:
    """The folder nbgitpuller clones into: the last part of ``repository.url``."""
    return urlsplit(repository_url(root)).path.rstrip("/").split("/")[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_tools() -> list[str]:
    """What the hub needs and this machine lacks (empty when all is there)."""
    missing = []
    if not (BIN / "jupyterhub").exists():
        missing.append("jupyterhub in .venv (requirements.txt)")
    if not (BIN / "jupyterhub-singleuser").exists():
        missing.append("jupyterhub-singleuser in .venv (requirements.txt)")
    if not PROXY.exists():
        missing.append(f"configurable-http-proxy at {PROXY} (npm ci)")
    if shutil.which("git") is None:
        missing.append("git")
    if shutil.which("node") is None:
        missing.append("node")
    return missing


# --- the link, as the book's JupyterHub button builds it -------------------


class _Links(html.parser.HTMLParser):
    """Collect (href, text) of every <a> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href") or "", ""])

    def handle_data(self, data):
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def jupyterhub_buttons(page: Path) -> list[str]:
    """The hrefs of a built page's JupyterHub launch buttons."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [href for href, text in parser.links if text == "JupyterHub"]


def hub_link(chapter: str, hub_url: str, workdir: Path) -> str:
    """The JupyterHub link on ``chapter``'s page (``book/01_neuron``), built by
    the book's own build with ``launch_buttons.jupyterhub_url = hub_url``.

    Only that setting (and, to save time, executing notebooks: their stored
    outputs are shown) differs from _config.yml; the table of contents is
    the one chapter.
    """
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["launch_buttons"]["jupyterhub_url"] = hub_url
    config["execute"]["execute_notebooks"] = "off"
    # Paths of local extensions are read relative to the configuration file.
    config["sphinx"]["local_extensions"] = {
        name: str(ROOT / path)
        for name, path in config["sphinx"]["local_extensions"].items()
    }
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (workdir / "_toc.yml").write_text(
        yaml.safe_dump({"format": "jb-book", "root": chapter}), encoding="utf-8"
    )
    done = subprocess.run(
        [
            str(BIN / "jupyter-book"),
            "build",
            str(ROOT),
            "--config",
            str(workdir / "_config.yml"),
            "--toc",
            str(workdir / "_toc.yml"),
            "--path-output",
            str(workdir / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    page = workdir / "out" / "_build" / "html" / f"{chapter}.html"
    if done.returncode != 0 or not page.is_file():
        raise RuntimeError(
            f"building {chapter} with jupyterhub_url failed:\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    buttons = jupyterhub_buttons(page)
    if len(buttons) != 1:
        raise AssertionError(f"{page}: expected one JupyterHub button, found {buttons}")
    return buttons[0]


# --- the repository, as a git remote on this machine -----------------------


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Teacher",
            "-c",
            "user.email=teacher@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}:\n{done.stderr}")
    return done.stdout


@dataclass
class Remote:
    """The book's repository: a teacher's clone pushing to a bare repository."""

    teacher: Path
    bare: Path
    branch: str

    @property
    def url(self) -> str:
        return self.bare.as_uri()

    @classmethod
    def create(cls, where: Path, branch: str) -> Remote:
        """Commit this work tree's sources and push them to a new bare repository."""
        teacher = copy_work_tree(where / "teacher")
        git("init", "-q", "-b", branch, cwd=teacher)
        git("add", "-A", cwd=teacher)
        git("commit", "-q", "-m", "The book", cwd=teacher)
        bare = where / "remote" / f"{repository_name()}.git"
        bare.parent.mkdir(parents=True)
        git("clone", "-q", "--bare", str(teacher), str(bare), cwd=where)
        git("remote", "add", "origin", bare.as_uri(), cwd=teacher)
        return cls(teacher, bare, branch)

    def commit(self, path: str, edit: Callable[[str], str], message: str) -> str:
        """Change one file with ``edit``, commit, push; return the new commit."""
        file = self.teacher / path
        before = file.read_text(encoding="utf-8")
        after = edit(before)
        if after == before:
            raise ValueError(f"the edit of {path} changed nothing")
        file.write_text(after, encoding="utf-8")
        git("commit", "-q", "-am", message, cwd=self.teacher)
        git("push", "-q", "origin", self.branch, cwd=self.teacher)
        return git("rev-parse", "HEAD", cwd=self.teacher).strip()


# --- the hub ---------------------------------------------------------------


HUB_CONFIG = """\
# JupyterHub for a class, on loopback only (written by tests/hub/classroom.py).
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {environment!r}
"""


@dataclass
class ProcessInfo:
    pid: int
    user: str | None
    command: str
    rss: int  # bytes
    cpu: float  # seconds of CPU used so far (user + system)


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _marked_processes(run_id: str) -> list[ProcessInfo]:
    """Every live process whose environment carries ``NNBOOK_HUB_RUN=run_id``."""
    found = []
    mark = f"{RUN_MARK}={run_id}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            if mark not in environ:
                continue
            user = next(
                (
                    v.split(b"=", 1)[1].decode()
                    for v in environ
                    if v.startswith(b"JUPYTERHUB_USER=")
                ),
                None,
            )
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            rss = 0
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cpu = (int(stat[11]) + int(stat[12])) / _CLOCK_TICKS
            found.append(ProcessInfo(int(entry.name), user, command.strip(), rss, cpu))
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
    return found


class Hub:
    """A JupyterHub on 127.0.0.1 with its proxy; students' servers spawn on demand.

    Use as a context manager: leaving it stops the hub and every process the
    run started, whatever happened inside.
    """

    def __init__(self, workdir: Path, remote: Remote, repo_url: str) -> None:
        self.workdir = workdir
        self.homes = workdir / "homes"
        self.run_id = uuid.uuid4().hex
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "jupyterhub.log"
        self.proc: subprocess.Popen | None = None
        environment = {
            RUN_MARK: self.run_id,
            # The link names the public repository; git reads it from the
            # bare repository on this machine, and may use no other protocol.
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{remote.url}.insteadOf",
            "GIT_CONFIG_VALUE_0": repo_url,
            "GIT_ALLOW_PROTOCOL": "file",
            "GIT_TERMINAL_PROMPT": "0",
            # One thread per kernel: a class shares the machine's cores.
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "PYTHONHASHSEED": "0",
        }
        for keep in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if keep in os.environ:
                environment[keep] = os.environ[keep]
        self.config = HUB_CONFIG.format(
            bind_url=self.url,
            hub_bind_url=f"http://127.0.0.1:{free_port()}",
            proxy_api_url=f"http://127.0.0.1:{free_port()}",
            proxy=str(PROXY),
            db_url=f"sqlite:///{workdir / 'jupyterhub.sqlite'}",
            cookie_secret=str(workdir / "jupyterhub_cookie_secret"),
            pid_file=str(workdir / "jupyterhub.pid"),
            password=PASSWORD,
            homes=str(self.homes),
            singleuser=str(BIN / "jupyterhub-singleuser"),
            # Jupyter refuses to run as root unless told (containers, CI).
            args=["--allow-root"] if os.geteuid() == 0 else [],
            environment=environment,
        )

    def __enter__(self) -> Hub:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 90) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.homes.mkdir(exist_ok=True)
        config = self.workdir / "jupyterhub_config.py"
        config.write_text(self.config, encoding="utf-8")
        env = dict(os.environ, **{RUN_MARK: self.run_id})
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=self.workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyterhub exited ({self.proc.returncode}):\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api", timeout=5) as r:
                    if r.status == 200 and "version" in json.load(r):
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(
            f"jupyterhub not answering after {timeout} s:\n{self.log_tail()}"
        )

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def processes(self) -> list[ProcessInfo]:
        return _marked_processes(self.run_id)

    def home(self, student: str) -> Path:
        return self.homes / student

    def stop(self, grace: float = 20) -> list[int]:
        """Stop the hub (it stops the servers and the proxy it started), then
        every process of this run still alive; return the pids that had to be
        signalled after the hub's own shutdown."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        leftover = [p.pid for p in self.processes()]
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            alive = [p.pid for p in self.processes()]
            if not alive:
                break
            for pid in alive:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            end = time.monotonic() + wait
            while time.monotonic() < end and self.processes():
                time.sleep(0.2)
        return leftover


class MemorySampler:
    """Resident memory of a hub run, sampled in a thread every ``interval`` s.

    ``peak_per_student``: the largest sum, over one sample, of the resident
    memory of a student's processes (single-user server and kernels; the
    memory a container limit would count). ``peak_total``: the largest sum
    over every process of the run (hub, proxy, servers, kernels).
    """

    def __init__(self, hub: Hub, interval: float = 0.25) -> None:
        self.hub = hub
        self.interval = interval
        self.peak_per_student: dict[str, int] = {}
        self.peak_total = 0
        self._cpu: dict[tuple[str | None, int], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> tuple[dict[str, int], int]:
        per: dict[str, int] = {}
        total = 0
        for p in self.hub.processes():
            self._cpu[p.user, p.pid] = p.cpu
            total += p.rss
            if p.user:
                per[p.user] = per.get(p.user, 0) + p.rss
        for user, rss in per.items():
            self.peak_per_student[user] = max(self.peak_per_student.get(user, 0), rss)
        self.peak_total = max(self.peak_total, total)
        return per, total

    def cpu_seconds(self, user: str | None) -> float:
        """CPU seconds used by ``user``'s processes (None: the hub and proxy),
        as last sampled."""
        return sum(cpu for (u, _), cpu in self._cpu.items() if u == user)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)


# --- students in Chromium ---------------------------------------------------


# Five students' pages at once: shared memory in /tmp, not the small /dev/shm.
CHROMIUM_ARGS = [*BASE_CHROMIUM_ARGS, "--disable-dev-shm-usage"]

IMAGE_HASH_JS = """async (img) => {
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let h = 2166136261;
  for (const b of bytes) { h = Math.imul(h ^ b, 16777619) >>> 0; }
  return `${bytes.length}:${h}`;
}"""
"""A hash of the bytes an <img> shows (FNV-1a), to tell a redrawn figure."""

NB = ".jp-NotebookPanel:not(.lm-mod-hidden)"
"""The notebook shown in JupyterLab's main area."""


@dataclass
class Student:
    """One student: a name, a browser context of their own, what they saw."""

    name: str
    context: object  # playwright.async_api.BrowserContext
    page: object  # playwright.async_api.Page
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    times: dict[str, float] = field(default_factory=dict)

    @classmethod
    async def join(cls, browser, name: str, hub: Hub) -> Student:
        """A fresh browser context that may reach the hub and nothing else."""
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        student = cls(name, context, page)

        async def route(route):
            url = route.request.url
            if url.startswith((hub.url, "data:", "blob:")):
                await route.continue_()
            else:
                student.outside.append(url)
                await route.abort()

        await context.route("**/*", route)
        page.on("pageerror", lambda e: student.errors.append(f"uncaught: {e}"))
        return student

    async def open_link(
        self, link: str, notebook_path: str, timeout: float = 180
    ) -> float:
        """Open the link: log in if asked, start the server if asked, until the
        notebook at ``notebook_path`` (lab/tree/...) is open with an idle kernel.
        Returns the seconds it took."""
        page = self.page
        start = time.monotonic()
        deadline = start + timeout
        await page.goto(link, wait_until="domcontentloaded", timeout=timeout * 1000)
        shown = notebook_path.removeprefix("lab/tree/")
        while True:
            if time.monotonic() > deadline:
                await self.screenshot("timeout")
                raise TimeoutError(
                    f"{self.name}: no running notebook after {timeout} s "
                    f"(at {page.url}; kernel {await self.kernel_state()})"
                )
            url = page.url
            if "/hub/login" in url and await page.locator("#username_input").count():
                await page.fill("#username_input", self.name)
                await page.fill("#password_input", PASSWORD)
                async with page.expect_navigation(
                    wait_until="domcontentloaded", timeout=timeout * 1000
                ):
                    await page.click("#login_submit")
                continue
            if await page.locator("a#start").count() and "/hub/" in url:
                # The hub's "server not running" page: press "Launch server".
                self.times["launch clicks"] = self.times.get("launch clicks", 0) + 1
                async with page.expect_navigation(
                    wait_until="domcontentloaded", timeout=timeout * 1000
                ):
                    await page.click("a#start")
                continue
            if (
                "/git-pull" in url
                and await page.locator("#container-error:not(.hidden)").count()
            ):
                # nbgitpuller's page shows its error box: the pull failed.
                details = await page.locator("body").inner_text()
                raise RuntimeError(
                    f"{self.name}: nbgitpuller failed:\n{details[:3000]}"
                )
            if (
                urlsplit(url).path.startswith(f"/user/{self.name}/lab")
                and await self.shown_path() == shown
                and await self.kernel_ready()
            ):
                break
            await page.wait_for_timeout(250)
        return time.monotonic() - start

    async def shown_path(self) -> str | None:
        """The path of the document in JupyterLab's current main-area tab."""
        title = await self.page.evaluate("""() => {
          const tab = document.querySelector(
            "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current");
          return tab && tab.getAttribute("title");
        }""")
        for line in (title or "").splitlines():
            if line.startswith("Path: "):
                return line.removeprefix("Path: ").strip()
        return None

    async def kernel_state(self) -> list[str | None]:
        """The open notebook's kernel name and execution status, as shown."""
        return await self.page.evaluate("""() => {
          const panels = document.querySelectorAll(
            ".jp-NotebookPanel:not(.lm-mod-hidden)");
          if (panels.length !== 1) return [null, `${panels.length} notebooks shown`];
          const name = panels[0].querySelector(".jp-Toolbar-kernelName");
          const state = panels[0].querySelector(".jp-Notebook-ExecutionIndicator");
          return [name && name.textContent.trim(),
                  state && state.getAttribute("data-status")];
        }""")

    async def kernel_ready(self) -> bool:
        """Whether the open notebook has a kernel, and it is idle."""
        name, status = await self.kernel_state()
        return bool(name) and "No Kernel" not in name and status == "idle"

    async def run_all(self, timeout: float = 240) -> float:
        """Run > Run All Cells, then wait until every code cell has run and the
        kernel is idle. Returns the seconds it took."""
        page = self.page
        start = time.monotonic()
        await page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        await page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        # Cells whose code is folded (exercise solutions) show no prompt: the
        # kernel being idle once every shown prompt has its number covers them.
        cells = page.locator(f"{NB} .jp-Notebook .jp-CodeCell:has(.jp-InputPrompt)")
        prompts = page.locator(f"{NB} .jp-Notebook .jp-CodeCell .jp-InputPrompt")
        deadline = start + timeout
        while True:
            if time.monotonic() > deadline:
                await self.screenshot("run-all-timeout")
                raise TimeoutError(
                    f"{self.name}: cells still running after {timeout} s"
                )
            # JupyterLab may ask which kernel to start: the notebook's own.
            select = page.locator(
                ".jp-Dialog .jp-Dialog-button.jp-mod-accept", has_text="Select"
            )
            if await select.count():
                self.times["kernel dialogs"] = self.times.get("kernel dialogs", 0) + 1
                await select.first.click()
            texts = await prompts.all_text_contents()
            idle = await self.kernel_ready()
            done = [
                t
                for t in texts
                if t.strip().startswith("[") and t.strip()[1:-2].isdigit()
            ]
            if idle and texts and len(done) == len(texts) == await cells.count():
                break
            await page.wait_for_timeout(250)
        return time.monotonic() - start

    async def save(
        self, path: Path, must_contain: str | None = None, timeout: float = 30
    ) -> None:
        """Save the notebook (Ctrl+S) and wait for the file on disk to change
        (and to hold ``must_contain``)."""
        before = path.stat().st_mtime_ns if path.exists() else 0
        await self.page.locator(f"{NB} .jp-Notebook").click(position={"x": 5, "y": 5})
        await self.page.keyboard.press("Control+s")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if path.exists() and path.stat().st_mtime_ns != before:
                text = path.read_text(encoding="utf-8")
                try:
                    json.loads(text)  # not half-written
                except ValueError:
                    text = ""
                if text and (must_contain is None or must_contain in text):
                    return
            await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.name}: {path} not saved within {timeout} s")

    async def move_slider(
        self, presses: int = 5, timeout: float = 60, attempts: int = 3
    ) -> tuple[str, str]:
        """Move the first panel's first slider with the keyboard; wait for its
        figure to change. Returns the figure's hash before and after.

        The slider and the figure are taken from the same output. A key press
        that lands while focus is elsewhere (JupyterLab may take it back while
        it settles after a save) leaves the slider where it was: the presses are
        then repeated, up to ``attempts`` times, before the figure is awaited.
        """
        page = self.page
        output = page.locator(
            f"{NB} .jp-OutputArea-output:has(.noUi-handle):has(img.widget-image)"
        ).first
        image = output.locator("img.widget-image").first
        handle = output.locator(".noUi-handle").first
        await image.scroll_into_view_if_needed()
        before = await image.evaluate(IMAGE_HASH_JS)

        async def value() -> tuple[float, float, float]:
            now, low, high = [
                float(await handle.get_attribute(f"aria-value{k}") or 0)
                for k in ("now", "min", "max")
            ]
            return now, low, high

        start, low, high = await value()
        # Toward the far end, so that a slider starting at its maximum moves too.
        key = "ArrowRight" if start - low <= high - start else "ArrowLeft"
        moved = start
        for _ in range(attempts):
            await handle.focus()
            for _ in range(presses):
                await page.keyboard.press(key)
            await page.wait_for_timeout(300)
            moved = (await value())[0]
            if moved != start:
                break
        deadline = time.monotonic() + timeout
        while moved != start and time.monotonic() < deadline:
            after = await image.evaluate(IMAGE_HASH_JS)
            if after != before:
                return before, after
            await page.wait_for_timeout(200)
        await self.screenshot("slider")
        focus = await page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? `${e.tagName}.${e.className}` : 'nothing'; }"
        )
        raise AssertionError(
            f"{self.name}: the figure did not change after moving a slider "
            f"(slider value {start} -> {moved}; kernel {await self.kernel_state()}; "
            f"focus on {focus})"
        )

    async def cell_shows(
        self,
        index: int,
        text: str,
        code: bool = False,
        timeout: float = 15,
        total: int | None = None,
    ) -> bool:
        """Whether a cell (the ``index``-th among all cells, or among code
        cells), scrolled into view, shows ``text`` within ``timeout`` s.

        A negative ``index`` counts from the end of the ``total`` cells (of that
        kind) that the notebook holds."""
        kind = ".jp-CodeCell" if code else ".jp-Cell"
        cells = self.page.locator(f"{NB} .jp-Notebook {kind}")
        if index < 0:
            if total is None:
                raise ValueError("cell_shows: a negative index needs total")
            if not await self.draw_all(cells, total):
                return False
            index += total
        cell = cells.nth(index)
        await cell.scroll_into_view_if_needed()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in (await cell.inner_text()).replace("\n", " "):
                return True
            await self.page.wait_for_timeout(250)
        await self.screenshot("cell")
        return False

    async def draw_all(self, cells, total: int, timeout: float = 90) -> bool:
        """Scroll until all ``total`` of ``cells`` are drawn (JupyterLab draws
        cells as they scroll into view, slowly on a busy machine)."""
        deadline = time.monotonic() + timeout
        while await cells.count() < total:
            if time.monotonic() > deadline:
                await self.screenshot("cells")
                return False
            await cells.last.scroll_into_view_if_needed()
            await self.page.wait_for_timeout(300)
        return True

    async def edit_last_code_cell(self, text: str, total: int) -> None:
        """Type ``text`` at the end of the notebook's last code cell (of the
        ``total`` it holds)."""
        cells = self.page.locator(f"{NB} .jp-Notebook .jp-CodeCell")
        if not await self.draw_all(cells, total):
            raise AssertionError(f"{self.name}: not all {total} code cells drawn")
        editor = cells.last.locator(".cm-content")
        await editor.scroll_into_view_if_needed()
        await editor.click()
        await self.page.keyboard.press("Control+End")
        await self.page.keyboard.type(text)

    async def screenshot(self, what: str) -> None:
        folder = Path(os.environ.get("NNBOOK_HUB_SHOTS", ROOT / "_build" / "hub"))
        folder.mkdir(parents=True, exist_ok=True)
        try:
            await self.page.screenshot(path=str(folder / f"{self.name}-{what}.png"))
        except Exception:  # noqa: BLE001 - a screenshot is a courtesy
            pass

    async def leave(self) -> None:
        await self.context.close()


async def with_timeout(coro: Awaitable, seconds: float, what: str):
    """Await ``coro``, cancelling it after ``seconds``."""
    start = time.monotonic()
    try:
        return await asyncio.wait_for(coro, seconds)
    except TimeoutError as e:
        if time.monotonic() - start < seconds:
            raise  # a step inside timed out, and said which
        raise TimeoutError(f"{what}: more than {seconds} s") from e


def notebook_outputs(path: Path) -> tuple[list[int | None], list[str]]:
    """Execution counts of a saved notebook's code cells, and its error outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    counts, errors = [], []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        counts.append(cell.get("execution_count"))
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"{out.get('ename')}: {out.get('evalue')}")
    return counts, errors


def notebook_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def revise_first_markdown_cell(text: str, sentence: str) -> str:
    """The notebook ``text`` with ``sentence`` added as a new paragraph after the
    first line of its first markdown cell, written as nbformat writes notebooks
    (so that only those lines differ)."""
    import nbformat

    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    first, _, rest = cell.source.partition("\n")
    cell.source = f"{first}\n\n{sentence}\n{rest}"
    return nbformat.writes(nb) + "\n"


@dataclass
class Visit:
    """What one student did on one visit: seconds per step, and what was seen."""

    open: float = 0.0
    run: float = 0.0
    figure: tuple[str, str] = ("", "")
    counts: list[int | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def first_visit(student: Student, link: str, hub: Hub, chapter: str) -> Visit:
    """Open the link, run every cell, save, move a slider: what a student does
    on the first day."""
    visit = Visit()
    visit.open = await student.open_link(link, lab_path(chapter))
    visit.run = await student.run_all()
    saved = hub.home(student.name) / repository_name() / f"{chapter}.ipynb"
    await student.save(saved)
    visit.counts, visit.errors = notebook_outputs(saved)
    visit.figure = await student.move_slider()
    return visit


def lab_path(chapter: str) -> str:
    """Where nbgitpuller sends a student: ``lab/tree/<repository>/<chapter>.ipynb``."""
    return f"lab/tree/{repository_name()}/{chapter}.ipynb"
