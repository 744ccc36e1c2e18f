/* pressfacts review pages: sorting and filtering on the index; on a document page, marking a
   fact's spans, the hover card and the toggles. One listener per container (event delegation),
   so a page with thousands of highlights costs nothing extra to start. No network, no eval:
   release text only ever reaches the DOM through textContent. */
(function () {
  "use strict";

  function initIndex() {
    var table = document.getElementById("docs");
    var body = table.tBodies[0];
    var filter = document.getElementById("filter");
    var shown = document.getElementById("shown");
    var rows = Array.prototype.slice.call(body.rows);
    var haystack = rows.map(function (r) { return r.textContent.toLowerCase(); });

    function applyFilter() {
      var q = filter.value.trim().toLowerCase();
      var n = 0;
      rows.forEach(function (r, i) {
        var hit = !q || haystack[i].indexOf(q) >= 0;
        r.hidden = !hit;
        if (hit) n++;
      });
      shown.textContent = q ? n + " of " + rows.length + " rows" : "";
    }
    filter.addEventListener("input", applyFilter);

    table.tHead.addEventListener("click", function (e) {
      var th = e.target.closest("th");
      if (!th) return;
      var col = th.cellIndex;
      var numeric = th.dataset.sort === "num";
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var keyed = rows.map(function (r, i) {
        var cell = r.cells[col];
        var k = numeric ? parseFloat(cell.dataset.v) : cell.textContent.trim();
        return { r: r, k: k, h: haystack[i], i: i };
      });
      keyed.sort(function (a, b) {
        var c = numeric ? a.k - b.k : a.k.localeCompare(b.k, "zh");
        return c * dir || a.i - b.i;
      });
      rows = keyed.map(function (x) { return x.r; });
      haystack = keyed.map(function (x) { return x.h; });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  }

  function initDoc() {
    var dataEl = document.getElementById("review-data");
    if (!dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    var spans = data.spans, facts = data.facts;  // span: [type, fact, first seg, last seg, info, start, end]; fact: [type, label, spans, info]
    var text = document.getElementById("text");
    var panel = document.getElementById("facts");
    var tip = document.getElementById("tip");
    var marked = [], current = null;
    var hidden = {};
    var HEADINGS = {};
    Array.prototype.forEach.call(document.querySelectorAll("#toggles label"), function (l) {
      HEADINGS[l.querySelector("input").dataset.type] = l.textContent.trim();
    });

    function clear() {
      marked.forEach(function (el) { el.classList.remove("mark"); });
      marked = [];
      if (current) current.classList.remove("current");
      current = null;
    }

    function markFact(id, scroll) {
      clear();
      var f = facts[id];
      var first = null;
      f[2].forEach(function (sid) {
        var s = spans[sid];
        for (var g = s[2]; g <= s[3]; g++) {
          var el = document.getElementById("g" + g);
          if (!el) continue;
          el.classList.add("mark");
          marked.push(el);
          if (!first) first = el;
        }
      });
      current = panel.querySelector('li[data-f="' + id + '"]');
      if (current) current.classList.add("current");
      if (scroll && first) first.scrollIntoView({ block: "center", inline: "nearest" });
      if (window.history && history.replaceState) history.replaceState(null, "", "#f" + id);  // a link to this fact
      return first;
    }

    panel.addEventListener("click", function (e) {
      var li = e.target.closest("li.fact");
      if (li && !li.classList.contains("unplaced")) markFact(+li.dataset.f, true);
    });
    panel.addEventListener("keydown", function (e) {
      var li = e.target.closest("li.fact");
      if (li && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); markFact(+li.dataset.f, true); }
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") clear(); });

    function visibleSpans(el) {
      return el.dataset.k.split(" ").map(Number).filter(function (k) { return !hidden[spans[k][0]]; });
    }

    // Clicking a highlight marks (the first visible of) its facts and shows it in the panel.
    text.addEventListener("click", function (e) {
      var el = e.target.closest(".h");
      if (!el) return;
      var ks = visibleSpans(el);
      if (!ks.length) return;
      markFact(spans[ks[ks.length - 1]][1], false);
      if (current) current.scrollIntoView({ block: "nearest" });
    });

    function add(parent, tag, cls, str) {
      var n = document.createElement(tag);
      if (cls) n.className = cls;
      if (str !== undefined) n.textContent = str;
      parent.appendChild(n);
      return n;
    }

    function fillTip(el) {
      tip.textContent = "";
      var seen = {};
      visibleSpans(el).forEach(function (k) {
        var s = spans[k], f = facts[s[1]];
        var said = "";
        for (var g = s[2]; g <= s[3]; g++) said += document.getElementById("g" + g).textContent;
        add(tip, "div", "t", (HEADINGS[s[0]] || s[0]) + ": " + said + (said === f[1] ? "" : " → " + f[1]));
        var dl = add(tip, "dl");
        var rows = s[4].concat(seen[s[1]] ? [] : f[3]);
        seen[s[1]] = true;
        rows.forEach(function (kv) { add(dl, "dt", "", kv[0]); add(dl, "dd", "", kv[1]); });
      });
      return tip.childNodes.length > 0;
    }

    var over = null;
    text.addEventListener("mouseover", function (e) {
      var el = e.target.closest(".h");
      if (el === over) return;
      over = el;
      if (!el || !fillTip(el)) { tip.hidden = true; return; }
      tip.hidden = false;
      place(e);
    });
    text.addEventListener("mousemove", function (e) { if (!tip.hidden) place(e); });
    text.addEventListener("mouseleave", function () { over = null; tip.hidden = true; });

    function place(e) {
      var x = e.clientX + 14, y = e.clientY + 18;
      var w = tip.offsetWidth, h = tip.offsetHeight;
      if (x + w > window.innerWidth - 8) x = Math.max(8, window.innerWidth - w - 8);
      if (y + h > window.innerHeight - 8) y = Math.max(8, e.clientY - h - 12);
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    }

    var toggles = document.getElementById("toggles");
    toggles.addEventListener("change", function (e) {
      var t = e.target.dataset.type;
      if (!t) return;
      hidden[t] = !e.target.checked;
      document.body.classList.toggle("hide-" + t, hidden[t]);
    });

    var linked = /^#f(\d+)$/.exec(location.hash);
    if (linked && facts[+linked[1]]) {
      markFact(+linked[1], true);
      if (current) current.scrollIntoView({ block: "nearest" });
    }

    window.pressfactsReview = { markFact: markFact, spans: spans, facts: facts };
  }

  if (document.body.classList.contains("index")) initIndex();
  else initDoc();
})();
