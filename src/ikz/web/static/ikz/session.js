// The notice before the idle timeout (web/_session.html) and the entries of a form sent
// after the session had ended, put back into that form (ikz.web.kept). Every form works
// without this script; without it, nothing warns and a form sent too late is not kept.
(function () {
  "use strict";

  var STORE = "ikz-session";
  var MARK_FIELD = "ikz_account";
  var notice = document.getElementById("session-notice");

  // What every tab of this browser knows: which account was signed in on the last page
  // loaded or renewed ("" signed out), and when (the session lasts from then).
  function read() {
    try {
      return JSON.parse(localStorage.getItem(STORE)) || null;
    } catch (error) {
      return null;
    }
  }
  function write(account, at) {
    try {
      localStorage.setItem(STORE, JSON.stringify({ account: account, at: at }));
    } catch (error) {
      // Storage refused (a private window): this tab still counts for itself.
    }
  }

  if (!notice) {
    // A page for the signed-out: this browser is signed out, in every tab.
    write("", Date.now());
    return;
  }

  var account = notice.dataset.account;
  var seconds = Number(notice.dataset.seconds);
  var warnSeconds = Number(notice.dataset.warnSeconds);
  // From before the request was sent (the page's time origin): the server counts from a
  // moment later.
  var own = { account: account, at: Math.round(Date.now() - performance.now()) };
  // The renewal was refused: this page's session is over, whatever other tabs say.
  var refused = false;
  var shown = null;
  var dismissed = null;
  var before = null;

  function latest() {
    var stored = read();
    if (stored && (stored.account !== account || stored.at > own.at)) {
      return stored;
    }
    return own;
  }

  function show(state, reason, end) {
    notice.querySelectorAll("[data-state]").forEach(function (element) {
      element.hidden = element.dataset.state !== state ||
        (element.dataset.reason !== undefined && element.dataset.reason !== reason);
    });
    if (end) {
      notice.querySelector("[data-remaining]").textContent = new Date(end).toLocaleTimeString(
        document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
    }
    var key = state + reason;
    if (shown === key || dismissed === key) {
      return;
    }
    shown = key;
    dismissed = null;
    before = notice.hidden ? document.activeElement : before;
    notice.hidden = false;
    // An alert dialog takes the focus: its button when there is one to press.
    var button = notice.querySelector("button[type=submit]:not([hidden])");
    (button || notice).focus();
  }

  function hide() {
    if (notice.hidden) {
      return;
    }
    var hadFocus = notice.contains(document.activeElement);
    notice.hidden = true;
    shown = null;
    if (hadFocus && before && document.contains(before)) {
      before.focus();
    }
  }

  function check() {
    var state = latest();
    if (refused) {
      show("ended", "timeout");
      return;
    }
    if (state.account !== account) {
      show("ended", "elsewhere");
      return;
    }
    var end = state.at + seconds * 1000;
    var remaining = end - Date.now();
    if (remaining <= 0) {
      show("ended", "timeout");
    } else if (remaining <= warnSeconds * 1000) {
      show("warning", "", end);
    } else {
      dismissed = null;
      hide();
    }
  }

  function renewed(at) {
    own.at = at;
    write(account, at);
    check();
  }

  var form = notice.querySelector("form");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var at = Date.now();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      // Signed out, the answer is a redirect to the sign-in: not followed.
      redirect: "manual",
    }).then(function (response) {
      if (response.status === 204) {
        renewed(at);
      } else {
        refused = true;
        check();
      }
    }, function () {
      // Offline: the notice stays, the button may be pressed again.
    });
  });
  notice.querySelector("[data-close]").addEventListener("click", function () {
    dismissed = shown;
    hide();
  });
  notice.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      dismissed = shown;
      hide();
    }
  });

  // Requests of htmx renew the session as page loads do.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      renewed(Date.now());
    }
  });
  // Each form says whose page it is on: kept after the session ended, its entries are
  // for that account only.
  document.addEventListener("submit", function (event) {
    var sent = event.target;
    if (sent === form || sent.method !== "post" || sent.elements[MARK_FIELD]) {
      return;
    }
    var mark = document.createElement("input");
    mark.type = "hidden";
    mark.name = MARK_FIELD;
    mark.value = account;
    sent.appendChild(mark);
  }, true);

  write(account, own.at);
  window.addEventListener("storage", function (event) {
    if (event.key === STORE) {
      check();
    }
  });
  setInterval(check, 1000);
  check();

  // The entries of a form sent after the session had ended, back in that form.
  var data = document.getElementById("kept-entries-data");
  if (data) {
    fill(JSON.parse(data.textContent));
    document.getElementById("kept-entries").focus();
  }

  function fill(kept) {
    var target = Array.prototype.find.call(document.forms, function (candidate) {
      var address = new URL(candidate.getAttribute("action") || "", location.href);
      return candidate.method === "post" && address.pathname + address.search === kept.action;
    });
    if (!target) {
      return;
    }
    var counts = {};
    Array.prototype.forEach.call(target.elements, function (field) {
      var name = field.name;
      if (!name || name === "csrfmiddlewaretoken" || name === MARK_FIELD ||
          ["file", "password", "submit", "button", "reset"].indexOf(field.type) !== -1) {
        return;
      }
      // Every field of the form was sent: one that is missing was left empty or off.
      var values = kept.entries[name] || [];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else {
        // Several fields of one name (a list of rows) take the values in order.
        var index = counts[name] || 0;
        counts[name] = index + 1;
        if (index < values.length) {
          field.value = values[index];
        }
      }
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
})();
