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
  // (matched by id, or else by their summary's text: a fresh copy may have more or fewer of them), and keeping as they
  // are the forms that hold something of the reader's (see keepForms).
  function replaceWithFresh(current, fresh, posted) {
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
    keepForms(current, copy, posted);
    current.replaceWith(copy);
  }

  function replaceById(doc, id, posted) {
    var fresh = doc.getElementById(id), current = document.getElementById(id);
    if (fresh && current) replaceWithFresh(current, fresh, posted);
  }

  // A page fetched from the server never has what the reader typed and not yet sent, nor a refused post's problems
  // (only that post's answer has them). So a form holding either goes into the fresh copy as it is, in place of its
  // counterpart there, until the reader sends it again (posted: its answer then replaces it, unless the reader typed in
  // it again while the answer was on its way and the answer took what was sent) or another form instead: that one's
  // answer keeps only what was typed since.
  function keepForms(current, copy, posted) {
    current.querySelectorAll("form").forEach(function (form) {
      var keep = form === posted ? typedSinceSent(form) : isChanged(form) || (isRefused(form) && !posted);
      if (!keep) return;
      var counterpart = sameForm(copy, form);
      if (!counterpart || (form === posted && isRefused(counterpart))) return;
      if (form === posted) takeAcceptedState(form, counterpart);
      counterpart.replaceWith(form);
    });
  }

  // A form kept with what was typed after its post was accepted: it takes what the post's answer renews (a step's version,
  // which its next send is checked against) and loses the problems an earlier refusal left in it.
  function takeAcceptedState(form, answered) {
    answered.querySelectorAll("input[type=hidden]").forEach(function (fresh) {
      if (fresh.name.indexOf("__") === 0) return; // one-time tokens: forms.js renews them once the answer is in
      var mine = Array.prototype.find.call(form.elements, function (field) { return field.type === "hidden" && field.name === fresh.name; });
      if (mine) mine.value = fresh.value;
    });
    form.querySelectorAll(".field-problem, .validation-summary-errors").forEach(function (problem) { problem.remove(); });
    form.querySelectorAll("[aria-invalid=true]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && !/-problem$/.test(id); });
      if (described.length > 0) field.setAttribute("aria-describedby", described.join(" ")); else field.removeAttribute("aria-describedby");
    });
  }

  // What each form posted in place last sent, until a later send: a reader may type again while its answer is on its way.
  var sentValues = new WeakMap();

  function typedSinceSent(form) {
    var body = sentValues.get(form);
    return body !== undefined && Array.prototype.some.call(form.elements, function (field) {
      if (!field.name || field.disabled || /^(hidden|submit|button|reset|fieldset|file)$/.test(field.type)) return false;
      var sent = body.getAll(field.name);
      if (field.type === "checkbox" || field.type === "radio") return field.checked !== (sent.indexOf(field.value) >= 0);
      if (field.tagName === "SELECT") return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== (sent.indexOf(option.value) >= 0);
      });
      // Line breaks as a textarea has them: a form's data may carry them as CR LF.
      return !sent.some(function (value) { return typeof value === "string" && value.replace(/\r\n/g, "\n") === field.value; });
    });
  }

  function isRefused(form) { return form.querySelector("[aria-invalid=true], .validation-summary-errors") !== null; }

  // Whether the reader changed a field since the page came: typed in it, ticked it or chose something else.
  function isChanged(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (/^(hidden|submit|button|reset|fieldset)$/.test(field.type)) return false;
      if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
      if (field.tagName === "SELECT") return Array.prototype.some.call(field.options, function (option, i) {
        // With no option marked selected, a single choice shows its first.
        var chosenFirst = !field.multiple && i === 0 && !field.querySelector("option[selected]");
        return option.selected !== (option.defaultSelected || chosenFirst);
      });
      return field.value !== field.defaultValue;
    });
  }

  // The form in scope that is the same as this one: it posts to the same place about the same thing (its hidden
  // fields), with the same fields to fill in and the same buttons (a step's tick, its Skip or Block with a reason and its
  // note all post its id to one place), leaving out the one-time tokens and a step's version, which a fresh copy renews.
  function sameForm(scope, form) {
    var identity = formIdentity(form);
    return Array.prototype.find.call(scope.querySelectorAll("form"), function (candidate) { return formIdentity(candidate) === identity; });
  }

  function formIdentity(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.name.indexOf("__") !== 0 && field.name !== "version";
    }).reduce(function (identity, field) {
      // What the reader fills in counts by its name only: its value is theirs, not the form's.
      var fixed = field.type === "hidden" || field.type === "submit";
      return identity + "&" + field.name + (fixed ? "=" + field.value : "");
    }, form.getAttribute("action"));
  }

  function isTypingIn(element) {
    var active = document.activeElement;
    return element.contains(active) && active.matches("input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select");
  }

  // The steps in order, each marked when it is folded into a "Done" group: a step ticked in place must move there.
  function stepIds(scope) {
    return Array.prototype.map.call(scope.querySelectorAll("li.step"), function (li) {
      return li.id + (li.closest("details.done-steps") ? "+" : "");
    }).join(",");
  }

  // Where the reader's focus was, so that it can come back when a fresh copy replaces what held it: the same control,
  // else the same step (its Undo, its tick, the step itself), else the step after it once it has folded into "Done".
  function focusPlace() {
    var active = document.activeElement;
    if (!active || active === document.body || !root.contains(active)) return null;
    var step = active.closest("li.step");
    var next = step && step.nextElementSibling, previous = step && step.previousElementSibling;
    var control = active.name === "verb" ? "button[name=verb][value=" + active.value + "]" : active.classList.contains("undo") ? ".undo" : null;
    return { element: active, id: active.id, step: step && step.id, control: control, next: next && next.id, previous: previous && previous.id };
  }

  function shown(element) { return element && element.isConnected && element.getClientRects().length > 0; }

  function restoreFocus(place) {
    if (!place || (document.activeElement !== document.body && document.contains(document.activeElement))) return;
    var step = place.step && document.getElementById(place.step), next = place.next && document.getElementById(place.next);
    var previous = place.previous && document.getElementById(place.previous);
    var candidates = [
      place.element, // a kept form (keepForms) moved into the fresh copy
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

  // posted: the form whose post answered with this page, if any. Its region or step is replaced even while the focus is
  // in it (Enter in a field sends the form): a refused form comes back with what was typed and its problems, an accepted
  // one with what was typed since (keepForms).
  function patch(doc, posted) {
    var place = focusPlace();
    // The answer's first problem, marked to be found once in the page (a form kept from before has problems too).
    var answered = posted && doc.querySelector("[aria-invalid=true]");
    if (answered) answered.setAttribute("data-answered-problem", "");
    keepPosted(doc);
    holdInPlace(doc);
    patchRegions(doc, posted);
    patchSteps(doc, "checklist", posted);
    var fresh = doc.querySelector("[data-incident]");
    if (fresh) root.setAttribute("data-seq", Math.max(seq(), Number(fresh.getAttribute("data-seq"))));
    if (window.crisisRefreshTimes) window.crisisRefreshTimes();
    var problem = document.querySelector("[data-answered-problem]");
    if (problem) {
      problem.removeAttribute("data-answered-problem");
      problem.focus(); // the refused form's first problem, as on a page loaded with it
    } else restoreFocus(place);
  }

  // Every [data-live-region] the fresh copy has, unless the reader is typing in it (it refreshes after their own post).
  function patchRegions(doc, posted) {
    document.querySelectorAll("[data-live-region]").forEach(function (region) {
      if (!doc.getElementById(region.id)) return;
      if (isTypingIn(region) && !(posted && region.contains(posted))) { region.classList.add("stale"); return; }
      replaceById(doc, region.id, posted);
    });
  }

  // The steps within the element with this id (the checklist, or a phase): step by step where the same steps show in the
  // same places, else the whole element (steps were added by an escalation, moved into "Done", or the filter changed).
  function patchSteps(doc, id, posted) {
    var fresh = doc.getElementById(id), current = document.getElementById(id);
    if (!fresh || !current) return;
    if (stepIds(fresh) !== stepIds(current)) {
      replaceWithFresh(current, fresh, posted);
      return;
    }
    fresh.querySelectorAll("[data-phase-progress]").forEach(function (progress) { replaceById(doc, progress.id); });
    fresh.querySelectorAll("li.step").forEach(function (freshStep) {
      var step = document.getElementById(freshStep.id);
      if (!step || step.getAttribute("data-stamp") === freshStep.getAttribute("data-stamp")) return;
      if (isTypingIn(step) && !(posted && step.contains(posted))) {
        step.classList.add("stale"); // never wipe what someone is typing; it refreshes after their own post
        return;
      }
      replaceWithFresh(step, freshStep, posted);
    });
  }

  // A step just ticked here stays where it was for a few seconds, done, with an Undo beside its tick; then it folds
  // into its phase's "Done" group. A done step has no button that reopens it with one tap. The seconds count from the
  // tick's answer, not from the tap: on a slow connection the window would otherwise pass before the Undo is shown.
  var undoWindow = 8000;
  var held = {}; // step id → { list: the open list it was in, next: the step after it, timer once answered }
  var announcer = document.getElementById("tick-announcer");

  function stepText(step) { return step.querySelector(".step-text").textContent.trim(); }

  function hold(step) {
    var next = step.nextElementSibling;
    release(step.id);
    held[step.id] = { list: step.parentElement.id, next: next && next.id, timer: null };
  }

  function startUndoWindow(id) {
    if (!held[id] || held[id].timer) return;
    held[id].timer = setTimeout(function () { release(id); refresh(); }, undoWindow);
  }

  function release(id) {
    if (!held[id]) return;
    clearTimeout(held[id].timer);
    delete held[id];
  }

  // Steps with a post on its way (a tick, an Undo, a reason), by id: how many. A page read before the post was made shows
  // such a step as it was before (the same stamp), maybe elsewhere (a step ticked here stays in place, done, until its
  // Undo has passed; an Undo takes it back there): the step is kept as it is, where it is, until the post's answer.
  var postsOnTheirWay = {};

  function keepPosted(doc) {
    Object.keys(postsOnTheirWay).forEach(function (id) {
      var fresh = doc.getElementById(id), current = document.getElementById(id);
      if (!fresh || !current || fresh.getAttribute("data-stamp") !== current.getAttribute("data-stamp")) return;
      var copy = doc.importNode(current, true), list = current.parentElement.id && doc.getElementById(current.parentElement.id);
      var next = current.nextElementSibling && doc.getElementById(current.nextElementSibling.id);
      if (!list) { fresh.replaceWith(copy); return; }
      fresh.remove();
      if (next && next.parentElement === list) list.insertBefore(copy, next); else list.appendChild(copy);
    });
  }

  // parts: doc holds only some of the page's parts (sent), not the steps of every phase.
  function holdInPlace(doc, parts) {
    Object.keys(held).forEach(function (id) {
      var fresh = doc.getElementById(id), list = doc.getElementById(held[id].list);
      if (parts && !fresh) return;
      // The tick is on its way, and this page was read before it was made: its answer decides.
      if (postsOnTheirWay[id] && (!fresh || fresh.getAttribute("data-status") !== "done")) return;
      // Reopened meanwhile: nothing to undo here. (Under a filter it no longer matches the page still sends it: see heldQuery.)
      if (!fresh || !list || fresh.getAttribute("data-status") !== "done") { release(id); return; }
      var next = held[id].next && doc.getElementById(held[id].next);
      if (next && next.parentElement === list) list.insertBefore(fresh, next); else list.appendChild(fresh);
      if (fresh.querySelector(".undo")) return; // the step as it is here (keepPosted), with its Undo
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
    post(form.action, body, undefined, step.id)
      .then(function () { announce("data-undone", step); })
      .catch(function () {
        var current = document.getElementById(step.id), version = current && current.querySelector("form input[name=version]");
        if (!postNatively(version && version.form, "verb", "reopen")) refresh();
      });
  });

  // A post in place that failed goes again as a plain post, so that the browser shows what went wrong: through the form
  // in the page now (a fresh copy may have replaced the one sent), with the verb of the button it was sent with.
  // Whether there was such a form.
  function postNatively(form, name, value) {
    if (!form) return false;
    if (name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = value;
      form.appendChild(field);
    }
    form.submit();
    return true;
  }

  // Moves on when a post here is sent and again when it is answered (ticks and Undo included). A page asked for before
  // then may not have what the post changed (a tick then looks undone and loses its hold), and comes back after the
  // answer that it would wipe (a refusal's problems): it is never patched in; a fresh one is asked for instead.
  var posts = 0;

  // Posts are numbered in the order sent; lastPatched is the number of the last whose answer was patched in. An answer can
  // come after the answer to a later post (two ticks in quick succession, the first on a slow connection) and have been made
  // before it: patched in, it would undo what that one brought. (A refresh is patched in only with no post sent or
  // answered meanwhile: see posts.) refreshedAfter is the number of the last post sent before a refresh was patched in:
  // an answer to that post or an earlier one, arriving after it, was made no later than the refresh and is not patched in
  // either.
  var sent = 0, lastPatched = 0, refreshedAfter = 0;

  // One fetch at a time; asked again meanwhile, one more follows it, and the promise returned settles after that one.
  var inFlight = null, pending = null;
  function refresh() {
    if (inFlight) {
      if (!pending) pending = inFlight.then(function () { pending = null; return refresh(); });
      return pending;
    }
    var asked = posts, outdated = false;
    inFlight = fetch(location.pathname + heldQuery(location.search), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html && asked !== posts) outdated = true;
        else if (html) {
          refreshedAfter = sent;
          patch(new DOMParser().parseFromString(html, "text/html"));
        }
      })
      .catch(function () { say("offline"); })
      .finally(function () { inFlight = null; });
    return inFlight.then(function () { return outdated && !pending ? refresh() : null; });
  }

  // On the checklist, step and commander forms post in place: the redirect lands on the updated page, which is patched in.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!root.hasAttribute("data-post-in-place") || !root.contains(form) || form.method.toLowerCase() !== "post") return;
    event.preventDefault();
    var body = new FormData(form, event.submitter);
    sentValues.set(form, body);
    var forms = window.crisisForms; // forms.js: no second post of this form until this one is answered
    if (forms) forms.begin(form);
    var ticked = event.submitter && event.submitter.classList.contains("tick") ? form.closest("li.step") : null;
    if (ticked) hold(ticked);
    var step = form.closest("li.step");
    post(form.action, body, form, step && step.id)
      .then(function () {
        if (forms) forms.settled(form);
        if (ticked) startUndoWindow(ticked.id);
        var step = ticked && held[ticked.id] && document.getElementById(ticked.id), undo = step && step.querySelector(".undo");
        if (!undo) return;
        undo.focus(); // the focus stays on the step, and the next key press can take the tick back
        announce("data-ticked", ticked);
      })
      .catch(function () {
        var submitter = event.submitter;
        postNatively(form.isConnected ? form : sameForm(document, form), submitter && submitter.name, submitter && submitter.value);
      });
  });

  // Posts sent whose answers are not yet patched in (or found overtaken): parts sent meanwhile may be older than the answer.
  var unpatched = 0;

  // stepId: the step the post is about, kept as it is until the answer comes (keepPosted).
  function post(action, body, form, stepId) {
    posts++;
    unpatched++;
    var number = ++sent, answered = false;
    if (stepId) postsOnTheirWay[stepId] = (postsOnTheirWay[stepId] || 0) + 1;
    function settle() {
      if (answered || !stepId) return;
      answered = true;
      if (--postsOnTheirWay[stepId] === 0) delete postsOnTheirWay[stepId];
    }
    return fetch(action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        posts++;
        settle();
        if (!response.ok) throw new Error(response.status);
        // A post that lands on another page (resolving asks for confirmation first) goes there.
        if (response.redirected && new URL(response.url).pathname !== location.pathname) {
          location.assign(response.url);
          return null;
        }
        return response.text();
      }, function (error) {
        settle();
        throw error;
      })
      .then(function (html) {
        if (html === null) return null;
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (number < lastPatched || number <= refreshedAfter) return overtaken(doc, form);
        lastPatched = number;
        if (lacksHeld(doc)) return refresh();
        patch(doc, form);
        return null;
      })
      .finally(function () { unpatched--; });
  }

  // An answer overtaken by a later post's or by a refresh (see lastPatched) is not patched in. Only the post's own form is taken from it:
  // refused, with what was typed and its problems (kept then through refreshes); accepted, as the post left it, in place
  // of what was typed and sent, but not of what the reader typed since (in the form sent, or in a fresh copy that
  // replaced it). Then a fresh page shows the rest, and the answer's status message, the post's own, stays.
  function overtaken(doc, form) {
    var current = form && (form.isConnected ? form : sameForm(document, form)), answered = form && sameForm(doc, form);
    var stillAsSent = form && current === form && isChanged(current) && !typedSinceSent(current);
    if (current && answered && (isRefused(answered) || stillAsSent)) {
      var copy = document.importNode(answered, true), problem = copy.querySelector("[aria-invalid=true]");
      current.replaceWith(copy);
      if (problem) problem.focus(); // as patch does with an answer's problem
    } else if (current === form && answered && !isRefused(answered)) takeAcceptedState(form, answered);
    var message = doc.getElementById("message");
    return refresh().then(function () { if (message && message.children.length > 0) replaceById(doc, "message"); });
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

  // The last event of the incident's timeline the page shows.
  function seq() { return Number(root.getAttribute("data-seq")) || 0; }

  function filtered() {
    var filter = new URLSearchParams(location.search).get("filter");
    return filter !== null && filter !== "all";
  }

  // A change to steps alone comes as the parts of the page it changed, drawn for readers like this one (LiveFragments):
  // the phases holding the steps, the head, the situation and the story's new events (from and to: their sequence
  // numbers). Patched in as a fresh page is; a page that missed a change (the events before from), shows a filter, or is
  // fetching itself already, fetches itself instead.
  connection.on("steps", function (message) {
    if (message.key !== key || message.to <= seq()) return; // had already: its own post's answer, a refresh
    // Also after parts skipped while the reader typed (.stale), and while a post's answer is still to be patched in.
    if (message.from !== seq() + 1 || filtered() || inFlight || unpatched > 0 || root.querySelector(".stale")) {
      refresh();
      return;
    }
    var doc = new DOMParser().parseFromString(message.html, "text/html");
    adopt(doc);
    // An answer to a post sent before now may have been made before this change: it is treated as a refresh's would be.
    refreshedAfter = sent;
    patchParts(doc);
    root.setAttribute("data-seq", message.to);
  });

  // Drawn for no one in particular, the parts' forms take this page's antiforgery field, its step forms' address (their
  // filter) and one-time tokens of their own.
  function adopt(doc) {
    var antiforgery = root.querySelector("input[name=__RequestVerificationToken]"), stepForm = root.querySelector("li.step form");
    doc.querySelectorAll("form").forEach(function (form) {
      var field = form.querySelector("input[name=__RequestVerificationToken]");
      if (field && antiforgery) field.value = antiforgery.value;
      if (stepForm && form.closest("li.step")) form.setAttribute("action", stepForm.getAttribute("action"));
      if (window.crisisForms) window.crisisForms.renew(form);
    });
  }

  function patchParts(doc) {
    var place = focusPlace();
    keepPosted(doc);
    holdInPlace(doc, true);
    patchRegions(doc);
    doc.querySelectorAll("section.phase").forEach(function (phase) { patchSteps(doc, phase.id); });
    var story = root.querySelector("ol.story");
    Array.prototype.slice.call(doc.querySelectorAll("[data-new-events] > li")).reverse().forEach(function (entry) {
      if (story && !document.getElementById(entry.id)) story.prepend(document.importNode(entry, true)); // newest first
    });
    if (window.crisisRefreshTimes) window.crisisRefreshTimes();
    restoreFocus(place);
  }

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
