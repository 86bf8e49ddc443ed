// Shows every <time data-local> in the reader's time zone and keeps deadline countdowns current.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var options = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  var chosenZone = document.documentElement.getAttribute("data-time-zone");
  if (chosenZone) options.timeZone = chosenZone; // else the browser's own zone
  var format;
  try { format = new Intl.DateTimeFormat(lang, options); } catch (e) { delete options.timeZone; format = new Intl.DateTimeFormat(lang, options); }
  var relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });

  function countdown(ms) {
    var minutes = Math.round(ms / 60000);
    if (Math.abs(minutes) < 60) return relative.format(minutes, "minute");
    var hours = Math.round(minutes / 60);
    if (Math.abs(hours) < 48) return relative.format(hours, "hour");
    return relative.format(Math.round(hours / 24), "day");
  }

  function refresh() {
    var now = Date.now();
    document.querySelectorAll("time[data-local]").forEach(function (el) {
      var at = new Date(el.getAttribute("datetime"));
      el.title = at.toISOString();
      el.textContent = format.format(at);
    });
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var due = new Date(el.getAttribute("data-due")).getTime();
      el.textContent = countdown(due - now);
      var open = el.getAttribute("data-open") === "true";
      el.classList.toggle("overdue", open && due < now);
    });
  }

  // Forms marked data-autosubmit (the step preview) refresh as soon as a choice changes; the button stays for no-JS use.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });

  window.crisisRefreshTimes = refresh;
  refresh();
  setInterval(refresh, 30000);
})();
