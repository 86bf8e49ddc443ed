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

  // "3 h 12 min" since an incident opened (until it was resolved), in the page's words: data-hours and data-days.
  function elapsed(el, now) {
    var until = el.getAttribute("data-elapsed-until");
    var minutes = Math.max(0, Math.floor(((until ? new Date(until).getTime() : now) - new Date(el.getAttribute("data-elapsed-since")).getTime()) / 60000));
    var hours = Math.floor(minutes / 60);
    var pattern = hours >= 24 ? el.getAttribute("data-days") : el.getAttribute("data-hours");
    var parts = hours >= 24 ? [Math.floor(hours / 24), hours % 24] : [hours, minutes % 60];
    return pattern.replace("{0}", parts[0]).replace("{1}", parts[1]);
  }

  // How far the server's clock is ahead of this device's: deadlines are the server's, the device's clock may be off.
  var serverNow = document.body.getAttribute("data-server-now");
  var skew = serverNow ? new Date(serverNow).getTime() - Date.now() : 0;

  function refresh() {
    var now = Date.now() + skew;
    document.querySelectorAll("[data-elapsed-since]").forEach(function (el) { el.textContent = elapsed(el, now); });
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
