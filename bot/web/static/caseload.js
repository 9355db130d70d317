/* The caseload page (/app/): every patient the viewer may see in one table, built once, then
 * sorted, filtered and searched in the browser without fetching again (500 rows in one go:
 * sorting re-appends the same row elements, filtering toggles `hidden`).
 *
 * DOM hooks (the browser tests'): table#caseload, tr[data-patient-id], th button[data-sort],
 * input#search, select#filter (all / alerts / paused), span#count = visible rows.
 */
(function () {
  "use strict";

  var D = window.Dash;
  var rows = []; // {patient, tr, name}
  var sort = { key: "alerts", dir: "desc" };
  // A first click sorts the way a therapist usually wants it: most alerts, least adherence,
  // oldest session and lowest score first; a second click reverses.
  var FIRST_DIRECTION = {
    name: "asc",
    alerts: "desc",
    adherence_7: "asc",
    adherence_28: "asc",
    last_session: "asc",
    score: "asc",
  };

  function value(patient, key) {
    switch (key) {
      case "name":
        return patient.name || "";
      case "alerts":
        return patient.open_alerts || 0;
      case "score":
        return typeof patient.score === "number" ? patient.score : null;
      case "last_session":
        return patient.last_session || null;
      default:
        return typeof patient[key] === "number" ? patient[key] : null;
    }
  }

  function comparator(key, dir) {
    return function (a, b) {
      var order = D.compare(value(a.patient, key), value(b.patient, key), dir);
      if (order !== 0) return order;
      // Ties: by name, then id, so every order is stable and predictable.
      order = D.compare(a.patient.name || "", b.patient.name || "", "asc");
      return order !== 0 ? order : a.patient.id - b.patient.id;
    };
  }

  function cell(tag, text, className) {
    return D.el(tag, className ? { className: className } : null, text);
  }

  function trendText(kind) {
    var key = "dashboard.trend." + (kind || "none");
    return D.has(key) ? D.t(key) : D.t("dashboard.trend.none");
  }

  function row(patient, showTherapist) {
    var tr = D.el("tr");
    tr.dataset.patientId = String(patient.id);
    if (patient.open_alerts > 0) tr.classList.add("has-alerts");
    if (patient.paused) tr.classList.add("is-paused");

    var name = D.el("th", { scope: "row", className: "sticky" });
    name.appendChild(
      D.el("a", { href: "/app/patient/" + patient.id }, patient.name || String(patient.id)),
    );
    tr.appendChild(name);

    var alerts = cell("td", "", "num");
    if (patient.open_alerts > 0) {
      alerts.appendChild(
        D.el(
          "span",
          { className: "badge alert" },
          D.t("dashboard.caseload.alert_count", { count: patient.open_alerts }),
        ),
      );
    } else {
      alerts.textContent = "0";
    }
    tr.appendChild(alerts);
    tr.appendChild(
      cell("td", D.t("dashboard.caseload.days", { days: patient.adherence_7, total: 7 }), "num"),
    );
    tr.appendChild(
      cell("td", D.t("dashboard.caseload.days", { days: patient.adherence_28, total: 28 }), "num"),
    );
    tr.appendChild(cell("td", patient.last_session_label || D.t("dashboard.caseload.never")));
    tr.appendChild(
      cell(
        "td",
        typeof patient.score === "number"
          ? D.t("dashboard.caseload.score", { score: patient.score })
          : D.t("dashboard.caseload.no_score"),
        "num",
      ),
    );
    tr.appendChild(
      cell(
        "td",
        typeof patient.score === "number" ? trendText(patient.trend) : D.t("dashboard.trend.none"),
        "trend-" + (patient.trend || "none"),
      ),
    );
    var paused = cell("td", "");
    paused.appendChild(
      D.el(
        "span",
        { className: patient.paused ? "badge paused" : "badge on" },
        D.t(patient.paused ? "dashboard.caseload.paused_yes" : "dashboard.caseload.paused_no"),
      ),
    );
    tr.appendChild(paused);
    if (showTherapist)
      tr.appendChild(
        cell("td", patient.therapist_name || D.t("dashboard.common.none"), "col-therapist"),
      );
    return tr;
  }

  function apply() {
    var tbody = document.querySelector("#caseload tbody");
    var query = D.fold(document.getElementById("search").value.trim());
    var filter = document.getElementById("filter").value;
    var visible = 0;
    var ordered = rows.slice().sort(comparator(sort.key, sort.dir));
    var fragment = document.createDocumentFragment();
    ordered.forEach(function (r) {
      var show =
        (filter === "all" ||
          (filter === "alerts" && r.patient.open_alerts > 0) ||
          (filter === "paused" && r.patient.paused)) &&
        (!query || r.name.indexOf(query) !== -1);
      r.tr.hidden = !show;
      if (show) visible += 1;
      fragment.appendChild(r.tr);
    });
    tbody.appendChild(fragment);
    document.getElementById("count").textContent = String(visible);
    document.getElementById("count-label").textContent = D.t("dashboard.caseload.count_label", {
      total: rows.length,
    });
    var empty = document.getElementById("empty");
    if (rows.length === 0) {
      empty.textContent = D.t("dashboard.caseload.empty");
      empty.hidden = false;
    } else if (visible === 0) {
      empty.textContent = D.t("dashboard.caseload.none_match");
      empty.hidden = false;
    } else {
      empty.hidden = true;
    }
    document.querySelectorAll("#caseload th button[data-sort]").forEach(function (button) {
      var th = button.parentElement;
      var active = button.dataset.sort === sort.key;
      th.setAttribute(
        "aria-sort",
        active ? (sort.dir === "asc" ? "ascending" : "descending") : "none",
      );
      button.dataset.dir = active ? sort.dir : "";
    });
  }

  function wire() {
    document.querySelectorAll("#caseload th button[data-sort]").forEach(function (button) {
      var column = button.textContent;
      button.setAttribute("aria-label", D.t("dashboard.caseload.sort", { column: column }));
      button.addEventListener("click", function () {
        var key = button.dataset.sort;
        if (sort.key === key) {
          sort.dir = sort.dir === "asc" ? "desc" : "asc";
        } else {
          sort = { key: key, dir: FIRST_DIRECTION[key] || "asc" };
        }
        apply();
      });
    });
    document.getElementById("search").addEventListener("input", apply);
    document.getElementById("filter").addEventListener("change", apply);
  }

  D.start(async function (me) {
    var data = await D.api("patients");
    var patients = data.patients || [];
    var zone = data.timezone || me.timezone || "UTC";
    document.getElementById("caption").textContent = D.t("dashboard.caseload.caption", {
      zone: zone,
    });
    // A therapist sees their own patients only; whoever sees more sees whose each one is.
    var showTherapist = me.role !== "therapist";
    document.querySelectorAll("#caseload th.col-therapist").forEach(function (th) {
      th.hidden = !showTherapist;
    });
    rows = patients.map(function (patient) {
      return {
        patient: patient,
        tr: row(patient, showTherapist),
        name: D.fold(patient.name || ""),
      };
    });
    wire();
    apply();
  });
})();
