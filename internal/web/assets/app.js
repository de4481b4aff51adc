// The dashboard works without this file. It shows times in the viewer's own
// time zone (UTC stays in the tooltip), makes whole rows clickable, and lets
// the request drawer take focus and close with Escape.
(function () {
  "use strict";

  var fmt = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
  });
  document.querySelectorAll("time[datetime]").forEach(function (el) {
    var d = new Date(el.getAttribute("datetime"));
    if (!isNaN(d)) {
      el.textContent = fmt.format(d);
    }
  });

  document.querySelectorAll("tr[data-href]").forEach(function (tr) {
    tr.addEventListener("click", function (ev) {
      if (ev.target.closest("a, button, input, select, textarea")) {
        return;
      }
      window.location.href = tr.getAttribute("data-href");
    });
  });

  var drawer = document.getElementById("drawer");
  if (!drawer) {
    return;
  }
  document.body.classList.add("has-drawer");
  var title = document.getElementById("drawer-title");
  var active = drawer.querySelector("[role=alert], [role=status]");
  if (!active || !drawer.querySelector("[role=alert]")) {
    title.focus({ preventScroll: true });
  }
  var close = drawer.querySelector("[data-close]");
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && close) {
      var tag = (ev.target.tagName || "").toLowerCase();
      if (tag === "textarea" || tag === "input" || tag === "select") {
        ev.target.blur();
        return;
      }
      window.location.href = close.getAttribute("href");
    }
  });
})();
