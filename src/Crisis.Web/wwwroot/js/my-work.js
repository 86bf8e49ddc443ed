// My work: a change to any incident may give the reader a step, settle one of theirs or put a draft before them. The
// hub says "changed" for each; the page is fetched again at most once a second however many arrive, and its lists are
// swapped in place only when the fresh copy's stamp differs. After a dropped connection it fetches once more.
(function () {
  "use strict";
  if (!document.getElementById("my-work") || !window.signalR) return;
  var status = document.getElementById("live-status");
  var quiet = 1000;

  function say(state) {
    status.textContent = status.getAttribute("data-live-" + state);
    status.setAttribute("data-state", state);
  }

  // The link the reader was on, found again in the fresh copy by where it goes.
  function focusedLink() {
    var active = document.activeElement;
    return active && active.closest && active.closest("#my-work") && active.getAttribute("href");
  }

  function patch(doc) {
    var fresh = doc.getElementById("my-work"), current = document.getElementById("my-work");
    if (!fresh || !current || fresh.getAttribute("data-stamp") === current.getAttribute("data-stamp")) return;
    var href = focusedLink();
    current.replaceWith(document.importNode(fresh, true));
    if (window.crisisRefreshTimes) window.crisisRefreshTimes();
    if (!href) return;
    var again = Array.prototype.find.call(document.querySelectorAll("#my-work a[href]"), function (link) { return link.getAttribute("href") === href; });
    (again || document.getElementById("main")).focus({ preventScroll: true });
  }

  var timer = null, inFlight = false, again = false;
  function soon() {
    if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, quiet);
  }

  function refresh() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch(location.pathname + location.search, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) patch(new DOMParser().parseFromString(html, "text/html")); })
      .catch(function () { say("offline"); })
      .finally(function () {
        inFlight = false;
        if (again) { again = false; soon(); }
      });
  }

  var connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/incidents")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 15000, 30000])
    .build();
  connection.on("changed", soon);
  connection.onreconnecting(function () { say("reconnecting"); });
  connection.onreconnected(function () {
    connection.invoke("WatchMyWork").then(function () { say("connected"); refresh(); });
  });
  connection.onclose(function () { say("offline"); setTimeout(start, 5000); });

  function start() {
    connection.start()
      .then(function () { return connection.invoke("WatchMyWork"); })
      .then(function () { say("connected"); refresh(); })
      .catch(function () { say("offline"); setTimeout(start, 5000); });
  }
  start();
})();
