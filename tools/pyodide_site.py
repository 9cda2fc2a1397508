"""The site's own Pyodide: the runtime from npm, pure-Python wheels, a rewritten lock.

One copy serves both the JupyterLite tab and the pages' live mode
(tools/static/nnbook-live.js); tools/build_lite.py puts it at
``<html>/lite/static/pyodide/``.

- The runtime (``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``, ``pyodide-lock.json``) comes from the npm package
  ``pyodide``, pinned in package.json to the version that
  jupyterlite-pyodide-kernel expects (its ``PYODIDE_VERSION``; a test checks).
- npm ships no package wheels. Every pure-Python package that the kernel,
  ipywidgets or matplotlib need at start-up (the closure of ``SITE_ROOTS`` in
  the lock) is downloaded from PyPI at the lock's version, compiled to
  bytecode by that same Pyodide in Node (as Pyodide's own copies are; see
  tools/pyc_wheels.mjs) and served from the site; since these files are not
  byte-identical to Pyodide's copies, the lock is rewritten with their file
  names and sha256 hashes.
- The compiled packages (numpy, matplotlib, pillow, kiwisolver, contourpy)
  exist only on the Pyodide CDN: their lock entries get absolute CDN URLs, so
  a browser downloads them from there when a page needs them. So do the lock's
  other packages, which the book does not use.
- ``PYODIDE_PACKAGES`` (a folder, or a URL ending in ``/``, holding wheels
  named as in the lock, e.g. the CDN's own folder) vendors them instead: each
  wheel found there is copied into the site and its lock entry rewritten.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

SITE_ROOTS = ("micropip", "ipython", "jedi", "numpy", "matplotlib")
"""What the kernel (micropip, ipython, jedi) and the panels (numpy, matplotlib) load."""


def normalize(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def npm_runtime(root: Path) -> Path:
    return root / "node_modules" / "pyodide"


def runtime_version(root: Path) -> str:
    """The version of the npm package ``pyodide`` installed in ``root``."""
    path = npm_runtime(root) / "package.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    return str(package["version"])


def cdn_url(version: str) -> str:
    return f"https://cdn.jsdelivr.net/pyodide/v{version}/full/"


def closure(packages: dict[str, dict], roots: tuple[str, ...]) -> list[str]:
    """The lock's names of ``roots`` and everything they depend on."""
    by_name = {normalize(k): k for k in packages}
    seen: list[str] = []
    todo = [normalize(r) for r in roots]
    while todo:
        name = todo.pop()
        key = by_name.get(name)
        if key is None or key in seen:
            continue
        seen.append(key)
        todo.extend(normalize(d) for d in packages[key].get("depends", []))
    return sorted(seen)


def is_pure(entry: dict) -> bool:
    return str(entry["file_name"]).endswith("-none-any.whl")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_pure(specs: list[str], cache: Path) -> bool:
    """pip-download pure-Python wheels (``name==version``) into ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--platform",
            "any",
            "--implementation",
            "py",
            "--abi",
            "none",
            "--python-version",
            "3.14",
            "--dest",
            str(cache),
            *specs,
        ],
        check=False,
    )
    return done.returncode == 0


def compile_wheels(wheels: list[Path], cache: Path, root: Path) -> dict[Path, Path]:
    """Copies of ``wheels`` with bytecode instead of sources (tools/pyc_wheels.mjs).

    Compiled by the npm Pyodide itself in Node, once (kept in ``cache``). Without
    Node, or if it fails, the answer is empty and the source wheels are served.
    """
    cache.mkdir(parents=True, exist_ok=True)
    todo = [w for w in wheels if not (cache / w.name).exists()]
    node = shutil.which("node")
    if todo and node is None:
        print(
            "NOTE: Node.js not found: the site serves pure-Python wheels as "
            "sources, which the browser compiles on first import (slower)"
        )
        return {}
    if todo:
        work = cache / "work"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        for wheel in todo:
            shutil.copy2(wheel, work / wheel.name)
        done = subprocess.run(
            [
                node,
                str(Path(__file__).with_name("pyc_wheels.mjs")),
                str(npm_runtime(root)),
                *[str(work / w.name) for w in todo],
            ],
            check=False,
        )
        if done.returncode != 0:
            print("NOTE: compiling the pure-Python wheels failed: serving sources")
            return {}
        for wheel in todo:
            (work / wheel.name).replace(cache / wheel.name)
        shutil.rmtree(work, ignore_errors=True)
    return {w: cache / w.name for w in wheels}


def _find_wheel(cache: Path, name: str, version: str) -> Path | None:
    stem = normalize(name).replace("-", "_")
    for path in cache.glob("*.whl"):
        dist, ver = path.name.split("-")[:2]
        if normalize(dist).replace("-", "_") == stem and ver == version:
            return path
    return None


def vendored(source: str, file_name: str, cache: Path) -> Path | None:
    """The wheel ``file_name`` from ``source`` (a folder or a base URL), if there."""
    if source.startswith(("http://", "https://")):
        target = cache / "vendored" / file_name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            url = source.rstrip("/") + "/" + file_name
            try:
                with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
                    target.write_bytes(response.read())
            except OSError as error:
                print(f"NOTE: PYODIDE_PACKAGES: could not fetch {url}: {error}")
                return None
        return target
    path = Path(source) / file_name
    return path if path.is_file() else None


def prepare_runtime(
    dest: Path,
    root: Path,
    cache: Path,
    *,
    packages_from: str | None = None,
    roots: tuple[str, ...] = SITE_ROOTS,
) -> dict[str, list[str]]:
    """Write the site's Pyodide into ``dest``; return which packages are where.

    The answer maps ``"site"`` to the lock names served from ``dest`` and
    ``"cdn"`` to the names of ``roots``' closure left on the Pyodide CDN.
    """
    runtime = npm_runtime(root)
    if not (runtime / "pyodide.mjs").is_file():
        raise FileNotFoundError(
            f"{runtime} has no pyodide.mjs: run `npm ci` (make book does) to "
            "install the pinned Pyodide runtime"
        )
    version = runtime_version(root)
    dest.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copy2(runtime / name, dest / name)
    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages: dict[str, dict] = lock["packages"]
    needed = closure(packages, roots)
    pure = [n for n in needed if is_pure(packages[n])]
    specs = [f"{packages[n]['name']}=={packages[n]['version']}" for n in pure]
    wheels_cache = cache / "pypi"
    missing = [
        s
        for s, n in zip(specs, pure, strict=True)
        if _find_wheel(wheels_cache, n, packages[n]["version"]) is None
    ]
    if missing and not download_pure(missing, wheels_cache):
        print(
            "NOTE: could not download " + ", ".join(missing) + " from PyPI; "
            "the site's Pyodide will fetch them from the Pyodide CDN"
        )
    sources = [
        w for n in pure if (w := _find_wheel(wheels_cache, n, packages[n]["version"]))
    ]
    compiled = compile_wheels(sources, cache / "pyc", root)
    where: dict[str, list[str]] = {"site": [], "cdn": []}
    for key, entry in packages.items():
        local = None
        if key in pure:
            local = _find_wheel(wheels_cache, key, entry["version"])
            local = compiled.get(local, local) if local else None
        remote = str(packages_from or "").startswith(("http://", "https://"))
        if local is None and packages_from and (key in needed or not remote):
            # From a URL only what the book loads; from a folder whatever it holds.
            local = vendored(packages_from, entry["file_name"], cache)
        if local is not None:
            shutil.copy2(local, dest / local.name)
            entry["file_name"] = local.name
            entry["sha256"] = sha256(dest / local.name)
            where["site"].append(key)
        else:
            entry["file_name"] = cdn_url(version) + entry["file_name"]
            if key in needed:
                where["cdn"].append(key)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    return where


if __name__ == "__main__":
    here = Path(__file__).resolve().parents[1]
    out = Path(sys.argv[1])
    print(
        prepare_runtime(
            out,
            here,
            here / "_build" / ".pyodide-cache",
            packages_from=sys.argv[2] if len(sys.argv) > 2 else None,
        )
    )
