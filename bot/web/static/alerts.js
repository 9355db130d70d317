/* The alerts inbox (/app/alerts): open urgent and emergency alerts with the patient's own words
 * (set as text, never as HTML), the signs in plain words and when; "Acknowledge" stores who took
 * it on, which colleagues then see.
 *
 * DOM hooks: ul#alerts > li.alert[data-alert-id] with button.ack; an acknowledged one has the
 * class "acked" and says who acknowledged it.
 */
(function () {
  "use strict";

  var D = window.Dash;

  function levelText(level) {
    var key = "dashboard.levels." + level;
    return D.has(key) ? D.t(key) : String(level || "");
  }

  function ackedText(name, label) {
    if (label)
      return D.t("dashboard.alerts.acked_by", {
        name: name || D.t("dashboard.common.none"),
        when: label,
      });
    return D.t("dashboard.alerts.acked_by_name", { name: name || D.t("dashboard.common.none") });
  }

  function markAcked(li, name, label) {
    li.classList.add("acked");
    var button = li.querySelector("button.ack");
    if (button) button.remove();
    var who = li.querySelector(".acked-by");
    who.textContent = ackedText(name, label);
    who.hidden = false;
  }

  function summary() {
    var open = document.querySelectorAll("#alerts li.alert:not(.acked)").length;
    document.getElementById("summary").textContent = D.t("dashboard.alerts.summary", {
      open: open,
    });
  }

  function item(alert) {
    var li = D.el("li", { className: "alert card level-" + String(alert.level || "") });
    li.dataset.alertId = String(alert.id);

    var head = D.el("div", { className: "alert-head" });
    head.appendChild(
      D.el(
        "span",
        { className: "badge level level-" + String(alert.level || "") },
        levelText(alert.level),
      ),
    );
    head.appendChild(
      D.el(
        "a",
        { href: "/app/patient/" + alert.patient_id, className: "patient" },
        alert.patient_name || String(alert.patient_id),
      ),
    );
    head.appendChild(
      D.el(
        "span",
        { className: "hint" },
        D.t("dashboard.alerts.reported", { when: alert.created_label || "" }),
      ),
    );
    li.appendChild(head);

    var flags = alert.flags || [];
    if (flags.length) {
      var signs = D.el("div", { className: "flags" });
      signs.appendChild(D.el("span", { className: "label" }, D.t("dashboard.alerts.flags")));
      var list = D.el("ul", { className: "chips" });
      flags.forEach(function (flag) {
        list.appendChild(D.el("li", null, flag));
      });
      signs.appendChild(list);
      li.appendChild(signs);
    }
    if (alert.text) {
      li.appendChild(D.el("p", { className: "label" }, D.t("dashboard.alerts.words")));
      li.appendChild(D.el("blockquote", { className: "words" }, alert.text));
    }

    var foot = D.el("div", { className: "alert-foot" });
    foot.appendChild(D.el("p", { className: "acked-by", hidden: true }));
    li.appendChild(foot);
    if (alert.acknowledged) {
      markAcked(li, alert.acknowledged_by_name, alert.acknowledged_label);
    } else {
      var button = D.el(
        "button",
        { type: "button", className: "ack primary" },
        D.t("dashboard.alerts.ack"),
      );
      button.addEventListener("click", function () {
        D.act(
          button,
          async function () {
            var done = await D.post("alerts/" + alert.id + "/ack");
            markAcked(li, done.acknowledged_by_name, done.acknowledged_label);
            summary();
          },
          D.t("dashboard.alerts.acked"),
        );
      });
      foot.appendChild(button);
    }
    return li;
  }

  D.start(async function () {
    var data = await D.api("alerts");
    var alerts = data.alerts || [];
    // Unacknowledged first, each group newest first (the server's order within a group).
    var open = alerts.filter(function (a) {
      return !a.acknowledged;
    });
    var done = alerts.filter(function (a) {
      return a.acknowledged;
    });
    var list = document.getElementById("alerts");
    var fragment = document.createDocumentFragment();
    open.concat(done).forEach(function (alert) {
      fragment.appendChild(item(alert));
    });
    list.appendChild(fragment);
    document.getElementById("empty").hidden = alerts.length !== 0;
    summary();
  });
})();
