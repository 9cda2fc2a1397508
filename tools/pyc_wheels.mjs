// Add compiled bytecode to pure-Python wheels, with the site's own Pyodide in Node.
//
//   node tools/pyc_wheels.mjs PYODIDE_DIR WHEEL...
//
// Pyodide's own copies of pure-Python packages carry bytecode compiled for its
// Python; the copies from PyPI that the site serves (tools/pyodide_site.py)
// carry only sources, which the browser would compile on every first import
// (IPython alone takes seconds). This compiles each wheel's modules with the
// site's Pyodide itself (same Python, same bytecode) and, as Pyodide does for
// its own distribution, replaces each module.py by module.pyc, rewriting each
// wheel in place (smaller, and nothing left to compile in the browser).
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(
  pathToFileURL(path.resolve(runtime, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: path.resolve(runtime) + "/" });
py.FS.mkdirTree("/wheels");
const folders = new Map();
for (const wheel of wheels) {
  const folder = path.dirname(path.resolve(wheel));
  if (!folders.has(folder)) {
    const mount = "/wheels/" + folders.size;
    py.FS.mkdirTree(mount);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: folder }, mount);
    folders.set(folder, mount);
  }
}
py.globals.set("targets", wheels.map(
  (w) => folders.get(path.dirname(path.resolve(w))) + "/" + path.basename(w)));
py.runPython(`
import os, shutil, sys, zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc

for target in targets.to_py():
    temporary = target + ".part"
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(
            temporary, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".py") and ".dist-info/" not in info.filename:
                try:
                    code = compile(data, info.filename, "exec", dont_inherit=True)
                except SyntaxError:
                    code = None  # for another Python version; never imported
                if code is not None:
                    out.writestr(info.filename + "c",
                                 bytes(_code_to_timestamp_pyc(code, 0, len(data))))
                    continue
            out.writestr(info, data)
    shutil.move(temporary, target)
print(f"compiled {len(targets)} wheels for {sys.implementation.cache_tag}")
`);
