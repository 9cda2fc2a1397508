// Slider panels on the web page: honest while frozen, live in place on request.
//
// 1. Frozen panels. The page draws each panel from the widget state saved when
//    the notebook ran; without Python its figure cannot change. Before the
//    widget manager reads that state (it renders on "load"), every control is
//    marked disabled, so no slider can show a value its figure does not.
//    tools/book_ext.py puts a line under each panel saying so, with a
//    "Run live" button.
// 2. Live in place. The button starts Python in this page (the site's own
//    Pyodide, shared with JupyterLite), installs the site's wheels (ipywidgets,
//    comm, nnlib), loads numpy and matplotlib (the only downloads from outside
//    the site: the Pyodide CDN), runs the chapter's imports cell and panel
//    cells (listed at build time in the page's #nnbook-live-config), and puts
//    each live panel where its frozen picture was. One Python serves every
//    panel of the page; the Python half is tools/static/nnbook_live.py.
//    Widget messages go through a small comm shim between Python and the
//    Jupyter widget manager (@jupyter-widgets/html-manager) the page already
//    loads, so a slider move redraws the figure exactly as in Jupyter.
(function () {
  "use strict";

  var STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var CONFIG = "nnbook-live-config";
  var PACKAGE_TIMEOUT_MS = 25000;
  var ALTERNATIVES = "open the chapter in JupyterLite, Binder or Colab (the " +
    "rocket button at the top of the page), or run it on your machine with " +
    "make lab";
  var NEEDS_HTTP = "The live mode needs the book served over http, which " +
    "browsers require for it: run make serve and open " +
    "http://localhost:8000, or read the published site; you can also " +
    ALTERNATIVES + ".";
  var NEEDS_NETWORK = "The live mode needs to download numpy and matplotlib " +
    "from the Pyodide CDN, which this browser cannot reach right now; " +
    ALTERNATIVES + ".";

  // What a test or a benchmark can read: progress, timings, failures.
  var live = (window.nnbookLive = { state: "frozen", times: {}, error: null });

  // --- 1. Frozen panels: lock every control at its saved value -------------
  function lockSavedState() {
    Array.prototype.forEach.call(document.querySelectorAll(STATE), function (script) {
      var saved;
      try {
        saved = JSON.parse(script.textContent);
      } catch (e) {
        return;
      }
      Object.keys(saved.state || {}).forEach(function (id) {
        var state = saved.state[id].state || {};
        if (Object.prototype.hasOwnProperty.call(state, "disabled")) {
          state.disabled = true;
        }
      });
      script.textContent = JSON.stringify(saved);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", lockSavedState);
  } else {
    lockSavedState();
  }

  // --- Progress shown under every panel ------------------------------------
  function notes() {
    return document.querySelectorAll(".nnbook-frozen-note");
  }
  function say(text, kind) {
    Array.prototype.forEach.call(notes(), function (note) {
      var line = note.querySelector(".nnbook-live-status");
      line.hidden = false;
      line.textContent = text;
      line.setAttribute("data-kind", kind);
    });
  }
  function buttons(enabled) {
    document.querySelectorAll(".nnbook-live-button").forEach(function (b) {
      b.disabled = !enabled;
    });
  }

  function mark(name) {
    live.times[name] = performance.now();
  }

  function withTimeout(promise, ms, error) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(error);
      }, ms);
      promise.then(function (v) {
        clearTimeout(timer);
        resolve(v);
      }, function (e) {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  function NeedsNetwork() {
    this.message = NEEDS_NETWORK;
  }

  // --- The widget manager of the live panels --------------------------------
  function htmlManager() {
    return new Promise(function (resolve, reject) {
      window.require(["@jupyter-widgets/html-manager"], function (m) {
        resolve(new m.HTMLManager());
      }, reject);
    });
  }

  // A comm (the Jupyter messaging channel of one widget) between the widget
  // manager in this page and its Python object in Pyodide.
  function Comm(bridge, id, target) {
    this.comm_id = id;
    this.target_name = target;
    this._bridge = bridge;
    this._onMsg = null;
    this._onClose = null;
  }
  Comm.prototype.on_msg = function (callback) {
    this._onMsg = callback;
  };
  Comm.prototype.on_close = function (callback) {
    this._onClose = callback;
  };
  Comm.prototype.open = function () {
    return "";
  };
  Comm.prototype.close = function () {
    return "";
  };
  Comm.prototype.send = function (data, callbacks, metadata, buffers) {
    var self = this;
    // Let the browser finish the input event first; the widget manager sends
    // nothing more until told the kernel is idle, so a fast drag collapses to
    // its latest value while Python draws.
    setTimeout(function () {
      try {
        self._bridge.receive(self.comm_id, JSON.stringify(data),
          (buffers || []).map(function (b) {
            return new Uint8Array(b.buffer || b, b.byteOffset || 0, b.byteLength);
          }));
      } catch (e) {
        console.error("nnbook live mode:", e);
      }
      var status = callbacks && callbacks.iopub && callbacks.iopub.status;
      if (status) {
        status({ content: { execution_state: "idle" } });
      }
    }, 0);
    return "";
  };
  Comm.prototype.deliver = function (data, metadata, buffers) {
    if (this._onMsg) {
      this._onMsg({
        content: { comm_id: this.comm_id, data: data },
        metadata: metadata,
        buffers: buffers,
      });
    }
  };

  function connect(bridge, manager) {
    var comms = {};
    var pending = [];
    bridge.connect(function (type, id, target, dataJson, metaJson, buffers) {
      var data = JSON.parse(dataJson);
      var metadata = JSON.parse(metaJson);
      var views = Array.prototype.map.call(buffers || [], function (b) {
        return new DataView(b.buffer, b.byteOffset, b.byteLength);
      });
      if (type === "comm_open") {
        var comm = (comms[id] = new Comm(bridge, id, target));
        pending.push(manager.handle_comm_open(comm, {
          content: { comm_id: id, target_name: target, data: data },
          metadata: metadata,
          buffers: views,
        }));
      } else if (type === "comm_msg" && comms[id]) {
        comms[id].deliver(data, metadata, views);
      } else if (type === "comm_close" && comms[id]) {
        if (comms[id]._onClose) {
          comms[id]._onClose({ content: { comm_id: id, data: data } });
        }
        delete comms[id];
      }
    });
    return function settled() {
      var all = Promise.all(pending);
      pending = [];
      return all;
    };
  }

  // --- Live in place ---------------------------------------------------------
  function frozenView(modelId) {
    var scripts = document.querySelectorAll(VIEW);
    for (var i = 0; i < scripts.length; i++) {
      try {
        if (JSON.parse(scripts[i].textContent).model_id === modelId) {
          return scripts[i];
        }
      } catch (e) { /* not a view */ }
    }
    return null;
  }

  async function replace(manager, frozenId, liveId) {
    var script = frozenView(frozenId);
    if (!script) {
      return;
    }
    var frozen = script.previousElementSibling;
    if (!frozen || !frozen.classList.contains("widget-subarea")) {
      frozen = null;
    }
    var holder = document.createElement("div");
    holder.className = "widget-subarea nnbook-live-panel";
    holder.setAttribute("data-live-model", liveId);
    holder.style.display = "none";
    script.parentNode.insertBefore(holder, frozen || script);
    var model = await manager.get_model(liveId);
    var view = await manager.create_view(model);
    await manager.display_view(view, holder);
    holder.style.display = "";
    if (frozen) {
      frozen.hidden = true;
      frozen.classList.add("nnbook-frozen-replaced");
    }
    var note = script.parentNode.querySelector(".nnbook-frozen-note");
    if (note) {
      note.classList.add("nnbook-is-live");
    }
  }

  function wheelUrl(index, indexUrl, name) {
    var entry = index[name];
    if (!entry) {
      throw new Error("the site's wheel index has no " + name);
    }
    var versions = Object.keys(entry.releases);
    var files = entry.releases[versions[versions.length - 1]];
    return new URL(files[0].url, indexUrl).href;
  }

  // The compiled packages the page needs (and their own compiled dependencies)
  // are downloaded from the Pyodide CDN while Python starts: a reader without
  // a network learns it at once, and one with a network waits less (the
  // browser caches them for Pyodide, which loads them next).
  async function prefetch(lockUrl, names) {
    var packages = (await (await fetch(lockUrl)).json()).packages;
    var urls = [];
    var seen = {};
    (function walk(list) {
      list.forEach(function (name) {
        var key = String(name).toLowerCase();
        if (seen[key] || !packages[key]) {
          return;
        }
        seen[key] = true;
        if (/^https?:/.test(packages[key].file_name)) {
          urls.push(packages[key].file_name);
        }
        walk(packages[key].depends || []);
      });
    })(names);
    await Promise.all(urls.map(function (url) {
      return fetch(url).then(function (response) {
        if (!response.ok) {
          throw new NeedsNetwork();
        }
        return response.arrayBuffer();
      });
    }));
  }

  async function boot(pyodideUrl, index, indexUrl, config) {
    var pyodideModule = await import(pyodideUrl + "pyodide.mjs");
    live.pythons = (live.pythons || 0) + 1;
    var py = await pyodideModule.loadPyodide({ indexURL: pyodideUrl });
    live.pyodide = py;
    var wheels = await index;
    var own = config.wheels.filter(function (n) {
      return n !== "nnlib";
    });
    await py.loadPackage(["ipython"].concat(own.map(function (n) {
      return wheelUrl(wheels, indexUrl, n);
    })), { messageCallback: function () {} });
    return py;
  }

  async function start(config) {
    var root = new URL(config.root || "./", location.href);
    var pyodideUrl = new URL(config.pyodide, root).href;
    mark("click");
    say("Starting Python (Pyodide) in this page…", "busy");
    var indexUrl = new URL(config.index, root).href;
    // The wheel index, the Python half and the widget manager load while
    // Python starts.
    var index = fetch(indexUrl).then(function (r) {
      return r.json();
    });
    var runtime = fetch(new URL(config.runtime, root)).then(function (r) {
      return r.text();
    });
    var manager = htmlManager();
    var downloads = Promise.resolve();
    if (config.packages.length) {
      downloads = withTimeout(prefetch(pyodideUrl + "pyodide-lock.json",
        config.packages), PACKAGE_TIMEOUT_MS, new NeedsNetwork())
        .catch(function () {
          throw new NeedsNetwork();
        });
    }
    var failed = downloads.then(function () {
      return new Promise(function () {}); // only ever rejects
    });
    failed.catch(function () {}); // handled by the races below
    // One Python per page: a second try (after a failed download) reuses it.
    live.boot = live.boot || boot(pyodideUrl, index, indexUrl, config);
    live.boot.catch(function () {
      live.boot = null;
    });
    var py = await Promise.race([live.boot, failed]);
    var quiet = { messageCallback: function () {} };
    index = await index;
    mark("kernel");

    if (config.packages.length) {
      say("Loading " + config.packages.join(" and ") +
        " (downloaded once from the Pyodide CDN, then cached)…", "busy");
      mark("packages-start");
      await Promise.race([downloads, failed]);
      var errors = [];
      await withTimeout(py.loadPackage(config.packages, {
        messageCallback: function () {},
        errorCallback: function (m) {
          errors.push(m);
        },
      }), PACKAGE_TIMEOUT_MS, new NeedsNetwork()).catch(function () {
        throw new NeedsNetwork();
      });
      var missing = config.packages.filter(function (n) {
        return !(n in py.loadedPackages);
      });
      if (missing.length || errors.length) {
        throw new NeedsNetwork();
      }
      mark("packages");
    }
    if (config.wheels.indexOf("nnlib") >= 0) {
      say("Installing nnlib from this site…", "busy");
      await py.loadPackage([wheelUrl(index, indexUrl, "nnlib")], quiet);
    }

    say("Running the chapter's cells…", "busy");
    var code = await runtime;
    py.FS.mkdirTree("/home/pyodide/nnbook");
    py.FS.writeFile("/home/pyodide/nnbook/nnbook_live.py", code);
    py.runPython("import sys; sys.path.insert(0, '/home/pyodide/nnbook')");
    var bridge = py.pyimport("nnbook_live");
    mark("bridge");
    live.bridge = bridge;
    manager = await manager;
    live.manager = manager;
    var settled = connect(bridge, manager);
    mark("ready");
    for (var i = 0; i < config.cells.length; i++) {
      var cell = config.cells[i];
      var shown = bridge.run_cell(cell.source);
      mark("cell-" + i);
      var ids = shown.toJs();
      shown.destroy();
      await settled();
      if (cell.view && ids.length) {
        await replace(manager, cell.view, ids[ids.length - 1]);
        if (!live.times["first-panel"]) {
          mark("first-panel");
        }
      }
    }
    live.state = "live";
    say("Live: Python runs in this page; move the sliders.", "live");
  }

  function run() {
    if (live.running) {
      return live.running;
    }
    if (location.protocol === "file:") {
      live.state = "needs-http";
      say(NEEDS_HTTP, "error");
      return Promise.resolve();
    }
    var element = document.getElementById(CONFIG);
    if (!element) {
      say("This page has no live mode; " + ALTERNATIVES + ".", "error");
      return Promise.resolve();
    }
    buttons(false);
    live.state = "starting";
    live.running = start(JSON.parse(element.textContent)).catch(function (e) {
      console.warn("nnbook live mode:", e);
      live.state = "failed";
      live.error = String((e && e.message) || e);
      say(e instanceof NeedsNetwork ? NEEDS_NETWORK :
        "The live mode could not start (" + live.error + "); " + ALTERNATIVES + ".",
      "error");
      live.running = null;
      buttons(true);
    });
    return live.running;
  }
  live.run = run;

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".nnbook-live-button")) {
      run();
    }
  });
})();
