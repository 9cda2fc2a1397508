// Accessibility of the slider panels (loaded on every page by tools/book_ext.py).
//
// The Jupyter widget manager draws a panel's controls with no accessible name
// and its figure as an <img> with no description. As each panel is drawn (and
// whenever a value changes, in a running notebook too), this script:
//   1. names every slider handle, dropdown and value box after the control's
//      description (its visible label), and gives the handle the readout's
//      value as aria-valuetext;
//   2. gives the panel's figure an alt text saying what it is drawn for: the
//      value of every control and the panel's readout line;
//   3. tells the grid of controls how many columns its author asked for
//      (data-nnbook-columns), so that nnbook-a11y.css can reflow it on narrow
//      screens.
(function () {
  "use strict";

  var CONTROL = ".widget-slider, .widget-hslider, .widget-vslider, .widget-dropdown";
  var HANDLE = ".noUi-handle, input[type=range]";
  var counter = 0;

  // The text of an element as read aloud: typeset math by its speech/MathML
  // text, not the glyphs MathJax draws.
  function readable(element) {
    if (!element) {
      return "";
    }
    var copy = element.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("mjx-container"), function (m) {
      var mml = m.querySelector("mjx-assistive-mml");
      m.replaceWith(document.createTextNode(mml ? mml.textContent : ""));
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function labelOf(control) {
    return control.querySelector(":scope > .widget-label, :scope > label");
  }

  function valueOf(control) {
    var readout = control.querySelector(".widget-readout");
    if (readout) {
      return readable(readout);
    }
    var select = control.querySelector("select");
    if (select && select.selectedIndex >= 0) {
      return select.options[select.selectedIndex].text.trim();
    }
    var input = control.querySelector("input");
    return input ? String(input.value) : "";
  }

  function name(control) {
    var label = labelOf(control);
    if (!label) {
      return;
    }
    // ipywidgets 8 writes an empty tooltip as the text "null".
    if (label.getAttribute("title") === "null") {
      label.removeAttribute("title");
    }
    var text = readable(label);
    if (!text) {
      return;
    }
    if (!label.id) {
      counter += 1;
      label.id = "nnbook-control-label-" + counter;
    }
    control.querySelectorAll(HANDLE + ", select").forEach(function (field) {
      if (!field.hasAttribute("aria-label") || field.dataset.nnbookNamed) {
        field.setAttribute("aria-labelledby", label.id);
        field.dataset.nnbookNamed = "1";
      }
    });
    var readout = control.querySelector(".widget-readout");
    if (readout) {
      readout.setAttribute("role", "textbox");
      readout.setAttribute("aria-label", text + ", value (type a number)");
    }
    syncValueText(control);
  }

  function syncValueText(control) {
    var readout = control.querySelector(".widget-readout");
    if (!readout) {
      return;
    }
    var value = readable(readout);
    control.querySelectorAll(".noUi-handle").forEach(function (handle) {
      if (value && handle.getAttribute("aria-valuetext") !== value) {
        handle.setAttribute("aria-valuetext", value);
      }
    });
  }

  // A panel: a box holding a grid (or box) of controls and an image.
  function describeFigure(panel) {
    var image = panel.querySelector(":scope > .widget-image");
    if (!image) {
      return;
    }
    var values = [];
    panel.querySelectorAll(CONTROL).forEach(function (control) {
      var label = readable(labelOf(control));
      var value = valueOf(control);
      if (label && value) {
        values.push(label + " = " + value);
      }
    });
    var readouts = [];
    panel.querySelectorAll(":scope > .widget-html, :scope > .widget-htmlmath")
      .forEach(function (html) {
        var text = readable(html);
        if (text) {
          readouts.push(text);
        }
      });
    var alt = "Figure of the slider panel";
    if (values.length) {
      alt += ", drawn for " + values.join(", ");
    }
    alt += ".";
    if (readouts.length) {
      alt += " It shows: " + readouts.join("; ") + ".";
    }
    if (image.getAttribute("alt") !== alt) {
      image.setAttribute("alt", alt);
    }
  }

  function markColumns(grid) {
    var match = /repeat\(\s*(\d+)/.exec(grid.style.gridTemplateColumns || "");
    if (match && grid.dataset.nnbookColumns !== match[1]) {
      grid.dataset.nnbookColumns = match[1];
    }
  }

  var pending = false;
  function refresh() {
    pending = false;
    document.querySelectorAll(CONTROL).forEach(name);
    document.querySelectorAll(".widget-gridbox").forEach(markColumns);
    document.querySelectorAll(".widget-image").forEach(function (image) {
      if (image.parentElement) {
        describeFigure(image.parentElement);
      }
    });
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(refresh);
    }
  }

  // Widgets are drawn after the page loads, and redrawn as values change.
  new MutationObserver(function (records) {
    var relevant = records.some(function (record) {
      var target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      return target && target.closest && target.closest(".jupyter-widgets, .widget-subarea");
    });
    if (relevant) {
      schedule();
    }
  }).observe(document.documentElement, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["aria-valuenow", "aria-valuetext", "src", "value"],
  });
  document.addEventListener("change", schedule, true);
  if (document.readyState !== "loading") {
    schedule();
  } else {
    document.addEventListener("DOMContentLoaded", schedule);
  }
})();
