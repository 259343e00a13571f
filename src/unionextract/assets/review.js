// The review page's behaviour: record details on click, the metrics table's filters
// (also read from the address: review.html#kind=money&status=planned), jumping to a span.
(function () {
  "use strict";
  var records = JSON.parse(document.getElementById("records").textContent);
  var detail = document.getElementById("detail");

  function row(key, value) {
    var tr = document.createElement("tr");
    var k = document.createElement("td"), v = document.createElement("td");
    k.textContent = key;
    v.textContent = (value === null || value === undefined) ? "—"
      : (typeof value === "object" ? JSON.stringify(value) : String(value));
    tr.appendChild(k); tr.appendChild(v);
    return tr;
  }

  function show(ids) {
    detail.replaceChildren();
    var close = document.createElement("button");
    close.textContent = "×"; close.title = "close";
    close.addEventListener("click", function () { detail.hidden = true; });
    detail.appendChild(close);
    ids.forEach(function (id) {
      var rec = records[id];
      if (!rec) { return; }
      var h = document.createElement("h3");
      h.textContent = (rec.kind ? "metric " + rec.kind : "event " + rec.type) + " · " + rec.id;
      detail.appendChild(h);
      var table = document.createElement("table");
      Object.keys(rec).forEach(function (key) { table.appendChild(row(key, rec[key])); });
      detail.appendChild(table);
    });
    detail.hidden = false;
  }

  document.querySelectorAll(".hl").forEach(function (el) {
    el.addEventListener("click", function () { show(el.dataset.r.split(" ")); });
  });

  function view(name) {
    document.querySelectorAll(".view").forEach(function (v) { v.hidden = v.id !== "view-" + name; });
    document.querySelectorAll("header nav a").forEach(function (a) {
      a.classList.toggle("on", a.dataset.view === name);
    });
  }
  document.querySelectorAll("header nav a").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); view(a.dataset.view); });
  });
  document.querySelectorAll("aside.docs a").forEach(function (a) {
    a.addEventListener("click", function () { view("documents"); });
  });

  function jump(id) {
    view("documents");
    var el = document.querySelector('.hl[data-first~="' + id + '"]');
    if (!el) { return; }
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash");
    show([id]);
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll("table.metrics tbody tr"));
  rows.forEach(function (tr) {
    tr.addEventListener("click", function () { jump(tr.dataset.id); });
  });

  var filters = {
    kind: document.getElementById("f-kind"),
    org: document.getElementById("f-org"),
    period: document.getElementById("f-period"),
    status: document.getElementById("f-status"),
    q: document.getElementById("f-q")
  };

  function apply() {
    var shown = 0, q = filters.q.value.trim();
    rows.forEach(function (tr) {
      var ok = ["kind", "org", "period", "status"].every(function (key) {
        var want = filters[key].value;
        return want === "" || tr.dataset[key] === want;
      }) && (q === "" || tr.textContent.indexOf(q) >= 0);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("shown").textContent = shown + " / " + rows.length + " metrics shown";
  }

  Object.keys(filters).forEach(function (key) {
    filters[key].addEventListener(key === "q" ? "input" : "change", apply);
  });

  // filters given in the address, so a filtered view can be shared as a link
  var hash = window.location.hash.replace(/^#/, "");
  var params = new URLSearchParams(hash);
  var filtered = false;
  Object.keys(filters).forEach(function (key) {
    if (params.has(key)) { filters[key].value = params.get(key); filtered = true; }
  });
  apply();
  view(filtered || hash === "metrics" ? "metrics" : "documents");
  document.body.dataset.ready = "1";
})();
