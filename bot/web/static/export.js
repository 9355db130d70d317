/* The export page (/app/export): the caseload CSV and the 30-day report (remote therapeutic
 * monitoring), each fetched with the Authorization header and saved from a blob: the files hold
 * health data, so they are never plain links a browser could cache or share.
 */
(function () {
  "use strict";

  var D = window.Dash;

  // The period end as YYYY-MM-DD like the report's own dates (a native date input would show
  // the browser's locale, "12/01/2026"): "20261130" and "2026/11/30" are accepted too. Empty
  // means today, as the server counts it in the viewer's zone (not this device's clock).
  function periodEnd(input) {
    var text = input.value.trim().replace(/[/.]/g, "-");
    var digits = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    if (digits) text = digits[1] + "-" + digits[2] + "-" + digits[3];
    input.value = text;
    var ok = text === "" || isDate(text);
    input.setCustomValidity(ok ? "" : D.t("dashboard.export.period_end_invalid"));
    if (!ok) {
      input.reportValidity();
      input.focus();
      return null;
    }
    return text;
  }

  function isDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var parsed = new Date(text + "T00:00:00Z");
    return !isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
  }

  function query(day) {
    return day ? "?period_end=" + encodeURIComponent(day) : "";
  }

  function save(button, path, fallback) {
    return D.act(button, async function () {
      var name = await D.download(path, fallback);
      D.status(D.t("dashboard.export.downloaded", { file: name }));
    });
  }

  // The report's latest period per patient, as a table (the CSV has every period).
  async function showReport(button, day) {
    await D.act(button, async function () {
      var data = await D.api("report" + query(day));
      // Say which day the server counted up to (today, when the field was empty).
      if (data.period_end) document.getElementById("period-end").value = data.period_end;
      var tbody = document.querySelector("#report tbody");
      tbody.textContent = "";
      var fragment = document.createDocumentFragment();
      (data.patients || []).forEach(function (patient) {
        var periods = patient.periods || [];
        var last = periods.length ? periods[periods.length - 1] : null;
        var tr = D.el("tr");
        tr.dataset.patientId = String(patient.id);
        var name = D.el("th", { scope: "row", className: "sticky" });
        name.appendChild(
          D.el("a", { href: "/app/patient/" + patient.id }, patient.name || String(patient.id)),
        );
        tr.appendChild(name);
        var values = { start: last ? last.start : "", end: last ? last.end : "" };
        tr.appendChild(
          D.el(
            "td",
            null,
            last
              ? D.t(
                  last.complete ? "dashboard.export.period" : "dashboard.export.period_open",
                  values,
                )
              : D.t("dashboard.export.report_none"),
          ),
        );
        tr.appendChild(
          D.el(
            "td",
            { className: "num" },
            last ? last.days_with_data : D.t("dashboard.common.none"),
          ),
        );
        tr.appendChild(D.el("td", { className: "num" }, periods.length));
        fragment.appendChild(tr);
      });
      tbody.appendChild(fragment);
      document.querySelector(".table-wrap.report").hidden = false;
    });
  }

  D.start(async function () {
    var end = document.getElementById("period-end");
    end.addEventListener("input", function () {
      end.setCustomValidity("");
    });
    var csv = document.getElementById("export-csv");
    csv.addEventListener("click", function () {
      save(csv, "export.csv", "toebot-export.csv");
    });
    var show = document.getElementById("report-show");
    show.addEventListener("click", function () {
      var day = periodEnd(end);
      if (day !== null) showReport(show, day);
    });
    var report = document.getElementById("report-csv");
    report.addEventListener("click", function () {
      var day = periodEnd(end);
      if (day === null) return;
      save(report, "report.csv" + query(day), "toebot-report" + (day ? "-" + day : "") + ".csv");
    });
  });
})();
