/* One patient (/app/patient/<id>): schedule, programme and prescription, self-test chart,
 * messages both ways, private notes, sessions, warning signs and check-ins; and the actions:
 * pause/resume, reminder times, programme, prescription, message, note, and clearing a safety
 * pause after an in-page confirmation. After each action the page reloads its data, so what it
 * shows is what the server stored.
 *
 * DOM hooks: #pause-toggle; select#programme-select + #programme-save; textarea#message-text +
 * #message-send; textarea#note-text + #note-save; button.clear-pause[data-escalation-id] opening
 * div#confirm-dialog with #confirm-yes / #confirm-no; #messages; #chart img.
 */
(function () {
  "use strict";

  var D = window.Dash;
  var MAX_TIMES = 3;
  // 24-hour HH:MM, like every other time on these pages (a native time input would follow
  // the browser's locale and show "08:00 AM").
  var TIME_PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9]";
  var TIME = new RegExp("^" + TIME_PATTERN + "$");
  var match = /\/app\/patient\/(\d+)\/?$/.exec(window.location.pathname);
  var patientId = match ? match[1] : "";
  var base = "patients/" + patientId;
  var data = null;
  var chartUrl = null;
  var pending = null; // the open pause the dialog asks about: {id, level, opener}

  function textOr(prefix, value) {
    var key = prefix + value;
    return D.has(key) ? D.t(key) : String(value === undefined || value === null ? "" : value);
  }

  function list(id, items, emptyKey, render) {
    var ul = document.getElementById(id);
    ul.textContent = "";
    if (!items || !items.length) {
      ul.appendChild(D.el("li", { className: "empty" }, D.t(emptyKey)));
      return;
    }
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      fragment.appendChild(render(item));
    });
    ul.appendChild(fragment);
  }

  // --- rendering -----------------------------------------------------------------------------

  function renderHeader() {
    var p = data.patient || {};
    document.getElementById("patient-name").textContent = p.name || String(p.id || "");
    document.title = (p.name || "") + " · " + D.t("dashboard.app.name");
    document.getElementById("patient-therapist").textContent = p.therapist_name
      ? D.t("dashboard.patient.therapist", { name: p.therapist_name })
      : "";
  }

  function renderSafety() {
    var pauses = data.open_pauses || [];
    document.getElementById("safety").hidden = pauses.length === 0;
    list("open-pauses", pauses, "dashboard.patient.safety", function (pause) {
      var li = D.el("li");
      li.appendChild(
        D.el(
          "p",
          null,
          D.t("dashboard.patient.open_pause", { level: textOr("dashboard.levels.", pause.level) }),
        ),
      );
      var button = D.el(
        "button",
        { type: "button", className: "clear-pause danger" },
        D.t("dashboard.patient.clear"),
      );
      button.dataset.escalationId = String(pause.escalation_id);
      button.addEventListener("click", function () {
        openDialog(pause, button);
      });
      li.appendChild(button);
      return li;
    });
  }

  function timeRow(value, index) {
    var li = D.el("li", { className: "row" });
    var id = "time-" + index;
    li.appendChild(
      D.el(
        "label",
        { htmlFor: id, className: "sr-only" },
        D.t("dashboard.patient.time_label", { n: index + 1 }),
      ),
    );
    var input = D.el("input", {
      type: "text",
      id: id,
      value: value || "",
      required: true,
      className: "time",
      pattern: TIME_PATTERN,
      maxLength: 5,
      autocomplete: "off",
      spellcheck: false,
      // Digits are enough ("730" becomes 07:30): a phone's number pad has no colon.
      inputMode: "numeric",
      placeholder: D.t("dashboard.patient.time_placeholder"),
    });
    input.setAttribute("aria-describedby", "times-hint");
    input.addEventListener("input", function () {
      input.setCustomValidity("");
    });
    input.addEventListener("blur", function () {
      checkTime(input);
    });
    li.appendChild(input);
    var remove = D.el(
      "button",
      { type: "button", className: "remove" },
      D.t("dashboard.patient.remove_time"),
    );
    remove.setAttribute(
      "aria-label",
      D.t("dashboard.patient.remove_time") +
        " " +
        D.t("dashboard.patient.time_label", { n: index + 1 }),
    );
    remove.addEventListener("click", function () {
      li.remove();
      renumberTimes();
    });
    li.appendChild(remove);
    return li;
  }

  // "7:30", "730", "0730", "7.30", "7h30" and "7" become "07:30"/"07:00"; anything else stays as
  // typed so the person sees what was refused.
  function normaliseTime(raw) {
    var text = String(raw || "")
      .trim()
      .replace(/[.hH]/, ":");
    var m = /^(\d{1,2}):(\d{2})$/.exec(text) || /^(\d{1,2})(\d{2})$/.exec(text);
    var hours = m ? m[1] : /^\d{1,2}$/.test(text) ? text : null;
    var minutes = m ? m[2] : "00";
    if (hours === null || Number(hours) > 23 || Number(minutes) > 59) return text;
    return String(Number(hours)).padStart(2, "0") + ":" + minutes;
  }

  // Normalise the input's value and say whether it is a valid time (the message is ours,
  // from content, not the browser's).
  function checkTime(input) {
    if (input.value) input.value = normaliseTime(input.value);
    var ok = TIME.test(input.value);
    input.setCustomValidity(ok ? "" : D.t("dashboard.patient.time_invalid"));
    return ok;
  }

  function renumberTimes() {
    var rows = document.querySelectorAll("#times li");
    rows.forEach(function (li, i) {
      var input = li.querySelector("input");
      var label = li.querySelector("label");
      input.id = "time-" + i;
      label.htmlFor = input.id;
      label.textContent = D.t("dashboard.patient.time_label", { n: i + 1 });
    });
    document.getElementById("time-add").disabled = rows.length >= MAX_TIMES;
    document.getElementById("times-save").disabled = rows.length === 0;
  }

  function renderSchedule() {
    var s = data.schedule || {};
    var times = s.times || [];
    // An open safety pause stops reminders whatever the schedule says: say so first.
    var safety = (data.open_pauses || []).length > 0;
    var state = document.getElementById("schedule-state");
    state.textContent = !times.length
      ? D.t("dashboard.patient.no_times")
      : safety
        ? D.t("dashboard.patient.safety_paused")
        : D.t(s.paused ? "dashboard.patient.paused" : "dashboard.patient.active");
    state.dataset.state = !times.length ? "none" : safety ? "safety" : s.paused ? "paused" : "on";
    document.getElementById("schedule-zone").textContent = s.timezone
      ? D.t("dashboard.patient.zone", { zone: s.timezone })
      : D.t("dashboard.patient.no_zone");
    var toggle = document.getElementById("pause-toggle");
    toggle.textContent = D.t(s.paused ? "dashboard.patient.resume" : "dashboard.patient.pause");
    toggle.setAttribute("aria-pressed", s.paused ? "true" : "false");
    toggle.dataset.paused = s.paused ? "true" : "false";
    toggle.hidden = !times.length;
    var ul = document.getElementById("times");
    ul.textContent = "";
    times.forEach(function (time, i) {
      ul.appendChild(timeRow(time, i));
    });
    renumberTimes();
  }

  function renderProgramme() {
    var programme = data.programme || {};
    var select = document.getElementById("programme-select");
    select.textContent = "";
    (programme.options || []).forEach(function (option) {
      var node = D.el("option", { value: option.id }, option.name || option.id);
      if (option.id === programme.id) node.selected = true;
      select.appendChild(node);
    });
  }

  function number(name, value, min, max, labelKey, idBase) {
    var wrap = D.el("span", { className: "field inline" });
    var id = idBase + "-" + name;
    wrap.appendChild(D.el("label", { htmlFor: id }, D.t(labelKey)));
    wrap.appendChild(
      D.el("input", {
        type: "number",
        id: id,
        name: name,
        min: min,
        max: max,
        value: value,
        required: true,
        inputMode: "numeric",
      }),
    );
    return wrap;
  }

  // The prescription editor: one line per library exercise, ticked if prescribed, with its feet
  // and numbers; saving sends the ticked ones (the server validates the ranges again).
  function renderPrescription() {
    var ul = document.getElementById("prescription");
    ul.textContent = "";
    var prescribed = {};
    (data.prescription || []).forEach(function (item) {
      prescribed[item.exercise_id] = item;
    });
    var library = data.library || [];
    if (!library.length) {
      list(
        "prescription",
        data.prescription,
        "dashboard.patient.prescription_none",
        function (item) {
          return D.el(
            "li",
            null,
            (item.name || item.exercise_id) +
              ": " +
              D.t("dashboard.patient.prescription_line", {
                feet: textOr("dashboard.feet.", item.feet),
                repetitions: item.repetitions,
                times_per_day: item.times_per_day,
                days_per_week: item.days_per_week,
              }),
          );
        },
      );
      return;
    }
    if (!data.prescription || !data.prescription.length) {
      ul.appendChild(D.el("li", { className: "hint" }, D.t("dashboard.patient.prescription_none")));
    }
    library.forEach(function (exercise, i) {
      var item = prescribed[exercise.id];
      var idBase = "rx-" + i;
      var li = D.el("li", { className: "rx" });
      li.dataset.exerciseId = exercise.id;
      var head = D.el("label", { className: "check", htmlFor: idBase });
      var box = D.el("input", { type: "checkbox", id: idBase, checked: !!item });
      head.appendChild(box);
      head.appendChild(D.el("span", null, exercise.name || exercise.id));
      li.appendChild(head);
      var details = D.el("div", { className: "rx-details" });
      if (exercise.has_sides !== false) {
        var feet = D.el("span", { className: "field inline" });
        feet.appendChild(
          D.el("label", { htmlFor: idBase + "-feet" }, D.t("dashboard.patient.rx_feet")),
        );
        var select = D.el("select", { id: idBase + "-feet", name: "feet" });
        ["both", "left", "right"].forEach(function (side) {
          select.appendChild(
            D.el(
              "option",
              { value: side, selected: item ? item.feet === side : side === "both" },
              D.t("dashboard.feet." + side),
            ),
          );
        });
        feet.appendChild(select);
        details.appendChild(feet);
      }
      details.appendChild(
        number(
          "repetitions",
          item ? item.repetitions : 10,
          1,
          50,
          "dashboard.patient.rx_repetitions",
          idBase,
        ),
      );
      details.appendChild(
        number(
          "times_per_day",
          item ? item.times_per_day : 1,
          1,
          3,
          "dashboard.patient.rx_times_per_day",
          idBase,
        ),
      );
      details.appendChild(
        number(
          "days_per_week",
          item ? item.days_per_week : 7,
          1,
          7,
          "dashboard.patient.rx_days_per_week",
          idBase,
        ),
      );
      details.hidden = !item;
      box.addEventListener("change", function () {
        details.hidden = !box.checked;
      });
      li.appendChild(details);
      ul.appendChild(li);
    });
    var save = D.el("li");
    var button = D.el(
      "button",
      { type: "button", id: "prescription-save", className: "primary" },
      D.t("dashboard.patient.prescription_save"),
    );
    button.addEventListener("click", savePrescription);
    save.appendChild(button);
    ul.appendChild(save);
  }

  async function renderChart() {
    var box = document.getElementById("chart");
    var tests = data.selftests || [];
    box.textContent = "";
    if (chartUrl) {
      URL.revokeObjectURL(chartUrl);
      chartUrl = null;
    }
    if (!tests.length) {
      box.appendChild(D.el("p", { className: "empty" }, D.t("dashboard.patient.selftests_none")));
    } else {
      // The chart's own size (viewBox 400x230): the page reserves its shape before it loads.
      var img = D.el("img", { alt: D.t("dashboard.patient.chart_alt"), width: 400, height: 230 });
      box.appendChild(img);
      try {
        chartUrl = await D.blobUrl(base + "/chart.svg");
        img.src = chartUrl;
      } catch (err) {
        img.remove();
        box.appendChild(D.el("p", { className: "empty" }, D.t("dashboard.errors.server")));
      }
    }
    // Newest first in the list (the chart reads left to right, oldest first); without tests
    // the line above already says so.
    document.getElementById("selftests").textContent = "";
    if (!tests.length) return;
    list("selftests", tests.slice().reverse(), "dashboard.patient.selftests_none", function (test) {
      return D.el(
        "li",
        null,
        D.t("dashboard.patient.selftest_line", {
          when: test.at_label || test.at,
          score: test.score,
          left: test.left,
          right: test.right,
        }),
      );
    });
  }

  function renderMessages() {
    list("messages", data.messages, "dashboard.patient.messages_none", function (m) {
      var mine = m.direction === "to_patient";
      var li = D.el("li", { className: mine ? "message out" : "message in" });
      li.dataset.direction = m.direction;
      li.appendChild(
        D.el(
          "span",
          { className: "meta" },
          D.t(mine ? "dashboard.patient.to_patient" : "dashboard.patient.to_therapist") +
            " · " +
            (m.at_label || ""),
        ),
      );
      li.appendChild(D.el("p", { className: "words" }, m.text));
      return li;
    });
  }

  function renderNotes() {
    list("notes", data.notes, "dashboard.patient.notes_none", function (n) {
      var li = D.el("li", { className: "note" });
      li.appendChild(D.el("p", { className: "words" }, n.text));
      li.appendChild(
        D.el(
          "span",
          { className: "meta" },
          D.t("dashboard.patient.note_by", { author: n.author_name || "", when: n.at_label || "" }),
        ),
      );
      return li;
    });
  }

  function renderHistory() {
    list("sessions", data.sessions, "dashboard.patient.sessions_none", function (s) {
      var words =
        (s.at_label || s.day || "") + ": " + textOr("dashboard.session_status.", s.status);
      if (s.end_reason && D.has("dashboard.end_reason." + s.end_reason)) {
        words += " (" + D.t("dashboard.end_reason." + s.end_reason) + ")";
      }
      return D.el("li", { className: "status-" + s.status }, words);
    });
    list("escalations", data.escalations, "dashboard.patient.escalations_none", function (e) {
      var li = D.el("li", { className: "escalation level-" + e.level });
      var head = D.el("div");
      head.appendChild(
        D.el(
          "span",
          { className: "badge level level-" + e.level },
          textOr("dashboard.levels.", e.level),
        ),
      );
      head.appendChild(D.el("span", { className: "meta" }, " " + (e.at_label || "")));
      if (e.open)
        head.appendChild(
          D.el("span", { className: "badge paused" }, D.t("dashboard.patient.escalation_open")),
        );
      li.appendChild(head);
      if (e.flags && e.flags.length) li.appendChild(D.el("p", null, e.flags.join(", ")));
      if (e.text) li.appendChild(D.el("blockquote", { className: "words" }, e.text));
      return li;
    });
    list("checkins", data.checkins, "dashboard.patient.checkins_none", function (c) {
      var picked = c.selected && c.selected.length ? ": " + c.selected.join(", ") : "";
      return D.el(
        "li",
        null,
        (c.at_label || "") + " · " + textOr("dashboard.checkin_status.", c.status) + picked,
      );
    });
  }

  function render() {
    renderHeader();
    renderSafety();
    renderSchedule();
    renderProgramme();
    renderPrescription();
    renderMessages();
    renderNotes();
    renderHistory();
    return renderChart();
  }

  async function reload() {
    data = await D.api(base);
    await render();
  }

  // --- actions -------------------------------------------------------------------------------

  function action(button, work, doneKey) {
    return D.act(
      button,
      async function () {
        var result = await work();
        await reload();
        return result;
      },
      doneKey ? D.t(doneKey) : undefined,
    );
  }

  function togglePause() {
    var toggle = document.getElementById("pause-toggle");
    var pause = toggle.dataset.paused !== "true";
    action(
      toggle,
      function () {
        return D.post(base + "/pause", { paused: pause });
      },
      pause ? "dashboard.patient.paused_done" : "dashboard.patient.resumed_done",
    );
  }

  function saveTimes(event) {
    event.preventDefault();
    var times = [];
    var wrong = null;
    document.querySelectorAll("#times input.time").forEach(function (input) {
      if (!checkTime(input) && !wrong) wrong = input;
      times.push(input.value);
    });
    // Nothing is sent while a time is not HH:MM: the first wrong one says why.
    if (wrong) {
      wrong.reportValidity();
      wrong.focus();
      return;
    }
    action(
      document.getElementById("times-save"),
      async function () {
        var done = await D.post(base + "/times", { times: times });
        return done;
      },
      "dashboard.common.saved",
    ).then(function (done) {
      if (done && done.kept_for_later) D.status(D.t("dashboard.patient.time_kept"));
    });
  }

  function addTime() {
    var ul = document.getElementById("times");
    if (ul.children.length >= MAX_TIMES) return;
    var li = timeRow("", ul.children.length);
    ul.appendChild(li);
    renumberTimes();
    li.querySelector("input").focus();
  }

  function saveProgramme() {
    var select = document.getElementById("programme-select");
    action(
      document.getElementById("programme-save"),
      function () {
        return D.post(base + "/programme", { programme_id: select.value });
      },
      "dashboard.common.saved",
    );
  }

  function savePrescription() {
    var items = [];
    document.querySelectorAll("#prescription li.rx").forEach(function (li) {
      if (!li.querySelector("input[type=checkbox]").checked) return;
      var item = { exercise_id: li.dataset.exerciseId };
      var feet = li.querySelector("select[name=feet]");
      item.feet = feet ? feet.value : "both";
      ["repetitions", "times_per_day", "days_per_week"].forEach(function (name) {
        item[name] = parseInt(li.querySelector("input[name=" + name + "]").value, 10);
      });
      items.push(item);
    });
    action(
      document.getElementById("prescription-save"),
      function () {
        return D.post(base + "/prescription", { items: items });
      },
      "dashboard.common.saved",
    );
  }

  function sendMessage() {
    var box = document.getElementById("message-text");
    var text = box.value.trim();
    if (!text) {
      box.focus();
      return;
    }
    action(
      document.getElementById("message-send"),
      async function () {
        var done = await D.post(base + "/message", { text: text });
        box.value = "";
        return done;
      },
      "dashboard.common.sent",
    );
  }

  function saveNote() {
    var box = document.getElementById("note-text");
    var text = box.value.trim();
    if (!text) {
      box.focus();
      return;
    }
    action(
      document.getElementById("note-save"),
      async function () {
        var done = await D.post(base + "/notes", { text: text });
        box.value = "";
        return done;
      },
      "dashboard.common.saved",
    );
  }

  // --- the confirmation dialog ---------------------------------------------------------------

  function openDialog(pause, opener) {
    pending = { id: pause.escalation_id, level: pause.level, opener: opener };
    var dialog = document.getElementById("confirm-dialog");
    document.getElementById("confirm-emergency").hidden = pause.level !== "emergency";
    dialog.hidden = false;
    document.body.classList.add("modal-open");
    // The safe choice has the focus: Enter on an accidental open changes nothing.
    document.getElementById("confirm-no").focus();
  }

  function closeDialog() {
    var dialog = document.getElementById("confirm-dialog");
    dialog.hidden = true;
    document.body.classList.remove("modal-open");
    var opener = pending && pending.opener;
    pending = null;
    if (opener && document.body.contains(opener)) opener.focus();
  }

  function confirmClear() {
    if (!pending) return;
    var id = pending.id;
    var yes = document.getElementById("confirm-yes");
    closeDialog();
    action(
      yes,
      function () {
        return D.post(base + "/clear", { escalation_id: id, confirm: true });
      },
      "dashboard.patient.cleared",
    );
  }

  function wire() {
    document.getElementById("pause-toggle").addEventListener("click", togglePause);
    document.getElementById("times-form").addEventListener("submit", saveTimes);
    document.getElementById("time-add").addEventListener("click", addTime);
    document.getElementById("programme-save").addEventListener("click", saveProgramme);
    document.getElementById("message-send").addEventListener("click", sendMessage);
    document.getElementById("note-save").addEventListener("click", saveNote);
    document.getElementById("confirm-no").addEventListener("click", closeDialog);
    document.getElementById("confirm-yes").addEventListener("click", confirmClear);
    document.getElementById("confirm-dialog").addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        closeDialog();
      } else if (event.key === "Tab") {
        // Keep the focus inside the dialog while it is open.
        var no = document.getElementById("confirm-no");
        var yes = document.getElementById("confirm-yes");
        if (event.shiftKey && document.activeElement === no) {
          event.preventDefault();
          yes.focus();
        } else if (!event.shiftKey && document.activeElement === yes) {
          event.preventDefault();
          no.focus();
        }
      }
    });
    document.getElementById("patient-export").addEventListener("click", function (event) {
      var button = event.currentTarget;
      D.act(button, async function () {
        var name = await D.download(base + "/export.csv", "toebot-patient-" + patientId + ".csv");
        D.status(D.t("dashboard.export.downloaded", { file: name }));
      });
    });
  }

  D.start(async function () {
    if (!patientId) throw new D.ApiError(404, { error: "not_found" });
    wire();
    await reload();
  });
})();
