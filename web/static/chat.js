// nukumori resident page, progressive enhancement: the page works fully without this file.
// With it, answers arrive in place through POST /api/v1/route, without a full reload.
// Everything the resident typed is put on the page with textContent, never as HTML.
(function () {
  "use strict";
  var chat = document.getElementById("chat");
  var form = document.getElementById("ask");
  var stringsNode = document.getElementById("nukumori-strings");
  if (!chat || !form || !stringsNode || !window.fetch) return;
  var ALL = JSON.parse(stringsNode.textContent);
  var mode = chat.getAttribute("data-mode") || "ja";
  var cityPhone = chat.getAttribute("data-city-phone");
  var areasById = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function rubyOf(segments) {
    var span = el("span");
    segments.forEach(function (seg) {
      if (seg[1]) {
        var r = el("ruby"); r.appendChild(document.createTextNode(seg[0])); r.appendChild(el("rt", null, seg[1])); span.appendChild(r);
      } else { span.appendChild(document.createTextNode(seg[0])); }
    });
    return span;
  }

  function telLink(number, big) {
    return el("a", { href: "tel:" + number, "class": big ? "tel big" : "tel" }, number);
  }

  function areaName(area, m) {
    if (m === "easy") return rubyOf(area.name_ruby);
    if (m === "en") return document.createTextNode(area.en.split(":")[0]);
    return document.createTextNode(area.name);
  }

  function describe(item, m) { return m === "easy" ? item.easy : (m === "en" ? item.en : item.description); }

  function renderAreas(ids, result, m, t) {
    var list = el("ol", { "class": "areas" });
    ids.forEach(function (id) {
      var area = areasById[id];
      var li = el("li", { "class": "area" });
      var h = el("h3"); h.appendChild(areaName(area, m)); li.appendChild(h);
      li.appendChild(el("p", null, describe(area, m)));
      var program = area.programs[0];
      var ref = (result.referrals || []).filter(function (r) { return r.area === id; })[0];
      if (ref) program = area.programs.filter(function (p) { return p.id === ref.program_id; })[0] || program;
      var pp = el("p", { "class": "program" });
      pp.appendChild(el("span", { "class": "label" }, t.program + ":"));
      pp.appendChild(document.createTextNode(" " + program.name + ": " + describe(program, m)));
      li.appendChild(pp);
      var cp = el("p", { "class": "contact" });
      cp.appendChild(el("span", { "class": "label" }, t.contact + ":"));
      area.contacts.forEach(function (c, i) {
        cp.appendChild(document.createTextNode(" " + c.name + " "));
        var voice = (c.phones || []).filter(function (p) { return p.type === "voice"; })[0];
        if (c.verified && voice) cp.appendChild(telLink(voice.number));
        else if (!c.verified) cp.appendChild(el("span", { "class": "unverified" }, t.unverified));
        if (i < area.contacts.length - 1) cp.appendChild(document.createTextNode(" /"));
      });
      li.appendChild(cp);
      list.appendChild(li);
    });
    return list;
  }

  function bigNumbers(hotlines) {
    var ul = el("ul", { "class": "hotlines" });
    hotlines.forEach(function (h) {
      var li = el("li"); li.appendChild(telLink(h.number, true));
      li.appendChild(el("span", { "class": "hl-name" }, " " + h.name)); ul.appendChild(li);
    });
    return ul;
  }

  function renderAnswer(result, m, history) {
    var t = ALL[m];
    var box = el("div");
    if (result.urgent) {
      var sec = el("section", { "class": "urgent", role: "alert" });
      sec.appendChild(el("h2", null, t.urgent_title));
      result.urgency.forEach(function (u) {
        var p = el("p", { "class": "advice" });
        if (m === "easy") p.appendChild(document.createTextNode(u.advice.easy)); else p.textContent = u.advice[m];
        sec.appendChild(p);
      });
      sec.appendChild(bigNumbers(result.hotlines));
      box.appendChild(sec);
    } else if (result.readable === false) {
      // A language nukumori cannot read yet: the numbers for danger now, as a precaution.
      var pre = el("section", { "class": "urgent precaution" });
      pre.appendChild(el("h2", null, t.unreadable_title));
      pre.appendChild(el("p", null, t.unreadable));
      pre.appendChild(bigNumbers(result.hotlines));
      box.appendChild(pre);
    }
    if (result.decision === "out_of_scope") {
      box.appendChild(el("p", null, t.oos));
      var p = el("p", null, t.city + ": "); p.appendChild(telLink(cityPhone)); box.appendChild(p);
    } else if (result.decision === "clarify") {
      box.appendChild(el("p", null, t.clarify_intro));
      var picks = el("div", { "class": "picks" });
      result.areas.forEach(function (a) {
        var b = el("button", { type: "button" }); b.appendChild(areaName(areasById[a.id], m));
        b.addEventListener("click", function () {
          var answer = el("div", { "class": "msg bot answer", "data-decision": "picked" });
          answer.appendChild(renderAreas([a.id], result, m, t));
          chat.appendChild(answer);
        });
        picks.appendChild(b);
      });
      box.appendChild(picks);
      box.appendChild(el("p", { "class": "question" }, t.clarify_question));
    } else {
      if (result.multi_issue) box.appendChild(el("p", { "class": "multi" }, t.multi));
      box.appendChild(el("p", null, t.areas_intro));
      var referred = result.referrals.map(function (r) { return r.area; });
      var ids = result.areas.map(function (a) { return a.id; }).filter(function (id, i) { return i === 0 || referred.indexOf(id) >= 0; });
      box.appendChild(renderAreas(ids, result, m, t));
      if (result.helplines && result.helplines.length) {
        box.appendChild(el("p", { "class": "helplines-intro" }, t.helplines + ":"));
        var hl = el("ul", { "class": "helplines" });
        result.helplines.forEach(function (h) { var li = el("li"); li.appendChild(telLink(h.number)); li.appendChild(document.createTextNode(" " + h.name)); hl.appendChild(li); });
        box.appendChild(hl);
      }
    }
    box.appendChild(el("p", null, t.anything_else));
    return box;
  }

  function history() {
    return Array.prototype.map.call(form.querySelectorAll('input[name="history"]'), function (i) { return i.value; });
  }

  function remember(text) {
    document.querySelectorAll('form[action="/"], form[action="/memo"]').forEach(function (f) {
      f.insertBefore(el("input", { type: "hidden", name: "history", value: text }), f.firstChild);
      // keep order: append after existing hidden inputs
      var inputs = f.querySelectorAll('input[name="history"]');
      f.insertBefore(inputs[0], inputs[inputs.length - 1].nextSibling);
    });
  }

  function showError(message) {
    var p = el("p", { "class": "error", role: "alert" }, message);
    chat.appendChild(p);
  }

  function loadAreas() {
    if (areasById) return Promise.resolve();
    return fetch("/api/v1/areas").then(function (r) { return r.json(); }).then(function (data) {
      areasById = {}; data.areas.forEach(function (a) { areasById[a.id] = a; });
    });
  }

  form.addEventListener("submit", function (event) {
    var box = document.getElementById("text");
    var text = box.value;
    if (!text.trim()) return;  // let the browser show its own "required" message
    event.preventDefault();
    var all = history().concat([text]);
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    loadAreas().then(function () {
      return fetch("/api/v1/route", { method: "POST", headers: { "Content-Type": "application/json" },
                                      body: JSON.stringify({ text: all.join("\n") }) });
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (!res.ok) { showError(res.body.error || "error"); return; }
      var you = el("div", { "class": "msg you" });
      you.appendChild(el("span", { "class": "who" }, ALL[mode].you));
      you.appendChild(el("p", null, text));
      chat.appendChild(you);
      var answer = el("div", { "class": "msg bot answer", "data-decision": res.body.decision,
                               "data-urgent": res.body.urgent ? "true" : "false" });
      if (res.body.language === "ja") {
        answer.appendChild(renderAnswer(res.body, mode));
      } else {
        // Another language: English and やさしい日本語 both, whatever the page mode.
        var first = mode === "easy" ? "easy" : "en", second = first === "easy" ? "en" : "easy";
        var main = el("div", { lang: first === "en" ? "en" : "ja" });
        main.appendChild(renderAnswer(res.body, first));
        answer.appendChild(main);
        var also = el("div", { "class": "also", lang: second === "en" ? "en" : "ja" });
        also.appendChild(renderAnswer(res.body, second));
        answer.appendChild(also);
      }
      chat.appendChild(answer);
      remember(text);
      box.value = "";
      answer.setAttribute("tabindex", "-1");
      answer.focus();
    }).catch(function () {
      showError(mode === "en" ? "Could not reach the server. Please try again." : "つながりませんでした。もう一度お試しください。");
    }).then(function () { button.disabled = false; });
  });
})();
