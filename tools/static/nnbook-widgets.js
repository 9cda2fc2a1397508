// Glue between the Jupyter widget manager (html-manager, which draws the saved
// slider panels) and the rest of the page. Loaded after RequireJS and before
// the widget manager (see tools/book_ext.py).
(function () {
  "use strict";
  var script = document.currentScript;

  // 1. When the widget manager is served from the book's own folder, tell
  //    RequireJS where it lives, so that the fonts it loads relative to itself
  //    are found there too (and not next to the page).
  var vendor = script && script.getAttribute("data-vendor");
  if (vendor && window.require && window.require.config) {
    var base = new URL(vendor, script.src).href.replace(/\/$/, "");
    window.require.config({
      paths: { "@jupyter-widgets/html-manager/dist": base },
    });
  }

  // 2. A slider panel's figure is an ipywidgets Image, which has no alt text.
  //    Describe it as what it is, so screen readers announce a figure.
  var ALT = "Figure drawn by the slider panel for the slider values shown above it " +
    "(in a running notebook, moving a slider redraws it)";
  function describe(root) {
    var images = root.querySelectorAll ? root.querySelectorAll(".widget-image") : [];
    Array.prototype.forEach.call(images, function (img) {
      if (!img.getAttribute("alt")) {
        img.setAttribute("alt", ALT);
      }
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType === 1) {
          if (node.matches && node.matches(".widget-image")) {
            describe(node.parentNode);
          } else {
            describe(node);
          }
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // 3. The widget manager typesets labels with the MathJax 2 call
  //    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads
  //    MathJax 3, which has no Hub. Map the call onto MathJax 3 once MathJax
  //    has loaded (it is a deferred script; widgets render on "load").
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub || typeof mj.typesetPromise !== "function") {
      return;
    }
    mj.Hub = {
      Queue: function (command) {
        var element = command && command[2];
        var ready = (mj.startup && mj.startup.promise) || Promise.resolve();
        return ready.then(function () {
          return mj.typesetPromise(element ? [element] : undefined);
        });
      },
    };
  });
})();
