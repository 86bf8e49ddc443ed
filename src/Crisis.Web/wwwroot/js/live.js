// Live pages of an incident: when anyone changes it, fetch the page again and patch what changed in place:
// every [data-live-region] element, and the checklist step by step. After a dropped connection it re-subscribes
// and refetches, so nothing missed while offline stays missed.
(function () {
  "use strict";
  var root = document.querySelector("[data-incident]");
  if (!root || !window.signalR) return;
  var key = root.getAttribute("data-incident");
  var status = document.getElementById("live-status");

  function say(state) {
    status.textContent = status.getAttribute("data-live-" + state);
    status.setAttribute("data-state", state);
  }

  // A fresh copy replaces an element, keeping open whichever of its <details> the reader had opened
  // (matched by id, or else by their summary's text: a fresh copy may have more or fewer of them).
  function replaceWithFresh(current, fresh) {
    var copy = document.importNode(fresh, true);
    var opened = current.querySelectorAll("details[open]");
    var ids = Array.prototype.map.call(opened, function (details) { return details.id; }).filter(Boolean);
    var open = Array.prototype.map.call(opened, function (details) {
      var summary = details.querySelector(":scope > summary");
      return summary ? summary.textContent.trim() : "";
    });
    copy.querySelectorAll("details").forEach(function (details) {
      var summary = details.querySelector(":scope > summary");
      if (ids.indexOf(details.id) >= 0 || (!details.id && summary && open.indexOf(summary.textContent.trim()) >= 0)) details.open = true;
    });
    current.replaceWith(copy);
  }

  function replaceById(doc, id) {
    var fresh = doc.getElementById(id), current = document.getElementById(id);
    if (fresh && current) replaceWithFresh(current, fresh);
  }

  function isTypingIn(element) {
    var active = document.activeElement;
    return element.contains(active) && active.matches("input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select");
  }

  // A refused form shown again, with what was typed and its problems: a background refresh must not wipe it either.
  function holdsProblems(element) {
    return element.querySelector("[aria-invalid=true]") !== null;
  }

  function stepIds(scope) {
    return Array.prototype.map.call(scope.querySelectorAll("#checklist li.step"), function (li) { return li.id; }).join(",");
  }

  // Where the reader's focus was, so that it can come back when a fresh copy replaces what held it: the same control,
  // else the same step (its Undo, its tick, the step itself), else the step after it once it has folded into "Done".
  function focusPlace() {
    var active = document.activeElement;
    if (!active || active === document.body || !root.contains(active)) return null;
    var step = active.closest("li.step");
    var next = step && step.nextElementSibling, previous = step && step.previousElementSibling;
    var control = active.name === "verb" ? "button[name=verb][value=" + active.value + "]" : active.classList.contains("undo") ? ".undo" : null;
    return { id: active.id, step: step && step.id, control: control, next: next && next.id, previous: previous && previous.id };
  }

  function shown(element) { return element && element.getClientRects().length > 0; }

  function restoreFocus(place) {
    if (!place || (document.activeElement !== document.body && document.contains(document.activeElement))) return;
    var step = place.step && document.getElementById(place.step), next = place.next && document.getElementById(place.next);
    var previous = place.previous && document.getElementById(place.previous);
    var candidates = [
      place.id && document.getElementById(place.id),
      step && place.control && step.querySelector(place.control),
      step && step.querySelector(".undo"),
      step && step.querySelector("button.tick"),
      step,
      next && (next.querySelector("button.tick") || next),
      // A step that leaves the list under a filter ("open", "overdue") and had no step after it.
      previous && (previous.querySelector("button.tick") || previous),
      root.querySelector("a[data-filter-link][aria-current=true]"),
    ];
    for (var i = 0; i < candidates.length; i++) {
      if (shown(candidates[i])) { candidates[i].focus(); return; }
    }
  }

  // posted: the form whose post answered with this page, if any. Its region is replaced even while the focus is in it
  // (Enter in a field sends the form): a refused form comes back with what was typed and its problems.
  function patch(doc, posted) {
    var place = focusPlace();
    holdInPlace(doc);
    document.querySelectorAll("[data-live-region]").forEach(function (region) {
      // A post's own answer says afresh which form, if any, was refused; a background refresh keeps a refused one.
      var keep = posted ? isTypingIn(region) && !region.contains(posted) : isTypingIn(region) || holdsProblems(region);
      if (keep) { region.classList.add("stale"); return; }
      replaceById(doc, region.id);
    });
    if (stepIds(doc) !== stepIds(document)) {
      replaceById(doc, "checklist"); // steps were added (escalation) or the filter changed what shows
    } else {
      doc.querySelectorAll("#checklist [data-phase-progress]").forEach(function (fresh) { replaceById(doc, fresh.id); });
      doc.querySelectorAll("#checklist li.step").forEach(function (fresh) {
        var current = document.getElementById(fresh.id);
        if (!current || current.getAttribute("data-stamp") === fresh.getAttribute("data-stamp")) return;
        if (isTypingIn(current)) {
          current.classList.add("stale"); // never wipe what someone is typing; it refreshes after their own post
          return;
        }
        replaceWithFresh(current, fresh);
      });
    }
    if (window.crisisRefreshTimes) window.crisisRefreshTimes();
    var problem = posted && document.querySelector("[aria-invalid=true]");
    if (problem) problem.focus(); // the refused form's first problem, as on a page loaded with it
    else restoreFocus(place);
  }

  // A step just ticked here stays where it was for a few seconds, done, with an Undo beside its tick; then it folds
  // into its phase's "Done" group. A done step has no button that reopens it with one tap.
  var undoWindow = 8000;
  var held = {}; // step id → { list: the open list it was in, next: the step after it, timer }
  var announcer = document.getElementById("tick-announcer");

  function stepText(step) { return step.querySelector(".step-text").textContent.trim(); }

  var holds = 0; // ticks held so far: a page asked for before the latest tick still shows that step open
  function hold(step) {
    holds++;
    var next = step.nextElementSibling;
    release(step.id);
    held[step.id] = {
      list: step.parentElement.id,
      next: next && next.id,
      timer: setTimeout(function () { release(step.id); refresh(); }, undoWindow),
    };
  }

  function release(id) {
    if (!held[id]) return;
    clearTimeout(held[id].timer);
    delete held[id];
  }

  function holdInPlace(doc) {
    Object.keys(held).forEach(function (id) {
      var fresh = doc.getElementById(id), list = doc.getElementById(held[id].list);
      // Reopened meanwhile: nothing to undo here. (Under a filter it no longer matches the page still sends it: see heldQuery.)
      if (!fresh || !list || fresh.getAttribute("data-status") !== "done") { release(id); return; }
      var next = held[id].next && doc.getElementById(held[id].next);
      if (next && next.parentElement === list) list.insertBefore(fresh, next); else list.appendChild(fresh);
      var undo = doc.createElement("button");
      undo.type = "button";
      undo.className = "undo secondary";
      undo.textContent = root.getAttribute("data-undo-label");
      fresh.querySelector(".tick").after(undo);
    });
  }

  // The page asked for with the steps held here, which it shows whatever the filter (ShowModel.Held).
  function heldQuery(search) {
    var ids = Object.keys(held).map(function (id) { return id.replace(/^step-/, ""); });
    if (ids.length === 0) return search;
    var params = new URLSearchParams(search);
    params.set("held", ids.join(","));
    return "?" + params.toString();
  }

  // Whether a fresh copy lacks a step held here: the filter hides it, so the copy with it is fetched instead.
  function lacksHeld(doc) {
    return Object.keys(held).some(function (id) { return !doc.getElementById(id); });
  }

  function announce(pattern, step) { announcer.textContent = root.getAttribute(pattern).replace("{0}", stepText(step)); }

  // Undo reopens the step with the version the reader sees, through the step's own form (its antiforgery token included).
  document.addEventListener("click", function (event) {
    var undo = event.target.closest && event.target.closest("button.undo");
    if (!undo || !root.contains(undo)) return;
    var step = undo.closest("li.step"), form = step.querySelector("form input[name=version]").form;
    var body = new FormData(form);
    body.set("verb", "reopen");
    release(step.id);
    post(form.action, body)
      .then(function () { announce("data-undone", step); })
      .catch(function () { form.submit(); });
  });

  // One fetch at a time; asked again meanwhile, one more follows it, and the promise returned settles after that one.
  var inFlight = null, pending = null;
  function refresh() {
    if (inFlight) {
      if (!pending) pending = inFlight.then(function () { pending = null; return refresh(); });
      return pending;
    }
    var asked = holds;
    inFlight = fetch(location.pathname + heldQuery(location.search), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // Asked before a tick here, it would undo the tick's hold: skipped, as the tick's own post brings a fresh copy.
        if (html && asked === holds) patch(new DOMParser().parseFromString(html, "text/html"));
      })
      .catch(function () { say("offline"); })
      .finally(function () { inFlight = null; });
    return inFlight;
  }

  // On the checklist, step and commander forms post in place: the redirect lands on the updated page, which is patched in.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!root.hasAttribute("data-post-in-place") || !root.contains(form) || form.method.toLowerCase() !== "post") return;
    event.preventDefault();
    var body = new FormData(form, event.submitter);
    var forms = window.crisisForms; // forms.js: no second post of this form until this one is answered
    if (forms) forms.begin(form);
    var ticked = event.submitter && event.submitter.classList.contains("tick") ? form.closest("li.step") : null;
    if (ticked) hold(ticked);
    post(form.action, body, form)
      .then(function () {
        if (forms) forms.settled(form);
        var step = ticked && held[ticked.id] && document.getElementById(ticked.id), undo = step && step.querySelector(".undo");
        if (!undo) return;
        undo.focus(); // the focus stays on the step, and the next key press can take the tick back
        announce("data-ticked", ticked);
      })
      .catch(function () { form.submit(); }); // let the browser show what went wrong
  });

  function post(action, body, form) {
    return fetch(action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        // A post that lands on another page (resolving asks for confirmation first) goes there.
        if (response.redirected && new URL(response.url).pathname !== location.pathname) {
          location.assign(response.url);
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) return null;
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (lacksHeld(doc)) return refresh();
        patch(doc, form);
        return null;
      });
  }

  // The checklist's filters swap the list in place: the reader keeps their place on the page, and Back still works.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-filter-link]");
    if (!link || !root.contains(link) || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var url = new URL(link.href);
    Object.keys(held).forEach(release); // the filter is applied afresh: ticked steps it hides leave now
    history.pushState(null, "", url.pathname + url.search);
    refresh();
  });
  window.addEventListener("popstate", function () { refresh(); });

  var connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/incidents")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 15000, 30000])
    .build();
  connection.on("changed", function (changedKey) { if (changedKey === key) refresh(); });
  connection.onreconnecting(function () { say("reconnecting"); });
  connection.onreconnected(function () {
    connection.invoke("Watch", key).then(function () { say("connected"); refresh(); });
  });
  connection.onclose(function () { say("offline"); setTimeout(start, 5000); });

  function start() {
    connection.start()
      .then(function () { return connection.invoke("Watch", key); })
      .then(function () { say("connected"); return refresh(); })
      .catch(function () { say("offline"); setTimeout(start, 5000); });
  }
  start();
})();
