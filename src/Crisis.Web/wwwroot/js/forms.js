// Stops a double tap at the source: a form being submitted ignores further submits and its buttons are disabled until
// the answer comes. The one-time token each post form carries (OneTimeForms) makes a repeat harmless on the server;
// this keeps the second request from being sent at all.
(function () {
  "use strict";
  var tokenField = "__Submission";

  function buttons(form) {
    return Array.prototype.slice.call(form.querySelectorAll("button, input[type=submit]"));
  }

  function begin(form) {
    form.setAttribute("data-submitting", "");
    // After the submit event, so the pressed button's name and value are still sent with the form.
    setTimeout(function () { buttons(form).forEach(function (button) { button.disabled = true; }); }, 0);
  }

  // A form posted in place (live.js) stays on the page: once answered it takes a fresh token for its next, new submit.
  function settled(form) {
    form.removeAttribute("data-submitting");
    buttons(form).forEach(function (button) { button.disabled = false; });
    renew(form);
  }

  // A form put in the page by a script (a change sent live) takes a token of its own, as the page's each have.
  function renew(form) {
    var token = form.querySelector("input[name='" + tokenField + "']");
    if (!token) return;
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    token.value = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function isPost(form) { return (form.getAttribute("method") || "").toLowerCase() === "post"; }

  // First of all listeners: a repeat while the first is on its way goes nowhere.
  document.addEventListener("submit", function (event) {
    if (isPost(event.target) && event.target.hasAttribute("data-submitting")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Last of all listeners: only a submit nobody cancelled (a confirmation declined, a post in place) is under way.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!isPost(form) || event.defaultPrevented) return;
    begin(form);
    // A post that answers with a download leaves the page in place: its buttons come back (the token still guards).
    setTimeout(function () { if (form.isConnected) settled(form); }, 10000);
  });

  // Back to a page kept in the browser's memory: its forms work again (a repeat there gets the first answer).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      buttons(form).forEach(function (button) { button.disabled = false; });
    });
  });

  // A choice that changes what the form shows (the playbook on the open form) posts the whole form to the button it
  // names, so what was already typed comes back with the new choice; without script that button is pressed by hand.
  document.querySelectorAll("[data-preview-on-change]").forEach(function (field) {
    field.addEventListener("change", function () {
      var button = document.getElementById(field.getAttribute("data-preview-on-change"));
      if (button && field.form) field.form.requestSubmit(button);
    });
  });

  window.crisisForms = { begin: begin, settled: settled, renew: renew };
})();
