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
  // (matched by their summary's text: a fresh copy may have more or fewer of them).
  function replaceWithFresh(current, fresh) {
    var copy = document.importNode(fresh, true);
    var open = Array.prototype.map.call(current.querySelectorAll("details[open] > summary"),
      function (summary) { return summary.textContent.trim(); });
    copy.querySelectorAll("details > summary").forEach(function (summary) {
      if (open.indexOf(summary.textContent.trim()) >= 0) summary.parentElement.open = true;
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

  function stepIds(scope) {
    return Array.prototype.map.call(scope.querySelectorAll("#checklist li.step"), function (li) { return li.id; }).join(",");
  }

  function patch(doc) {
    document.querySelectorAll("[data-live-region]").forEach(function (region) {
      if (isTypingIn(region)) { region.classList.add("stale"); return; }
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
  }

  var inFlight = null, pending = false;
  function refresh() {
    if (inFlight) { pending = true; return inFlight; }
    inFlight = fetch(location.pathname + location.search, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) patch(new DOMParser().parseFromString(html, "text/html")); })
      .catch(function () { say("offline"); })
      .finally(function () {
        inFlight = null;
        if (pending) { pending = false; refresh(); }
      });
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
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        patch(new DOMParser().parseFromString(html, "text/html"));
        if (forms) forms.settled(form);
      })
      .catch(function () { form.submit(); }); // let the browser show what went wrong
  });

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
