/* Toebot dashboard: what every page shares (framework-free, no build step).
 *
 * - initData: Telegram passes it in the URL fragment (#tgWebAppData=<urlencoded initData>) or,
 *   with Telegram's script, as Telegram.WebApp.initData; it is kept in sessionStorage so the
 *   pages can link to each other, and sent on every API call as `Authorization: tma <initData>`.
 *   No cookie: the server checks the signature on every call.
 * - Theme: Telegram's theme parameters (tgWebAppThemeParams) become CSS variables
 *   (--tg-theme-bg-color ...); app.css has light defaults for a plain browser.
 * - Texts: every word comes from GET /app/api/me ("texts", content/texts/dashboard.yaml) and is
 *   set as textContent, never as HTML: patients' words and names cannot inject markup.
 * - Errors: #error shows the 401 ("open it from Telegram again") or 403 ("only for
 *   therapists") text; #status says "saved" after an action.
 */
(function () {
  "use strict";

  var INIT_KEY = "toebot.initData";
  var THEME_KEY = "toebot.themeParams";
  var PLATFORM_KEY = "toebot.platform";
  var TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js";
  var texts = {};
  var me = null;

  function fragment() {
    var raw = window.location.hash.replace(/^#/, "");
    try {
      return new URLSearchParams(raw);
    } catch (e) {
      return new URLSearchParams();
    }
  }

  function store(key, value) {
    try {
      if (value) window.sessionStorage.setItem(key, value);
    } catch (e) {
      /* private mode: the fragment still works for this page */
    }
  }

  function stored(key) {
    try {
      return window.sessionStorage.getItem(key) || "";
    } catch (e) {
      return "";
    }
  }

  var params = fragment();

  function readInitData() {
    var fromUrl = params.get("tgWebAppData");
    if (fromUrl) {
      store(INIT_KEY, fromUrl);
      return fromUrl;
    }
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.initData) {
      store(INIT_KEY, tg.initData);
      return tg.initData;
    }
    return stored(INIT_KEY);
  }

  var initData = readInitData();

  // Opened again with other initData (another account, a fresh link) while this page is
  // showing: start again as that user rather than keep the old one's view.
  window.addEventListener("hashchange", function () {
    var fresh = fragment().get("tgWebAppData");
    if (fresh && fresh !== initData) window.location.reload();
  });

  // --- theme ---------------------------------------------------------------------------------

  function applyTheme(theme) {
    if (!theme || typeof theme !== "object") return;
    var root = document.documentElement;
    Object.keys(theme).forEach(function (name) {
      var value = theme[name];
      // Only colours: a theme value is never allowed to be anything else in our CSS.
      if (
        /^[a-z_]+$/.test(name) &&
        typeof value === "string" &&
        /^#[0-9a-fA-F]{3,8}$/.test(value)
      ) {
        root.style.setProperty("--tg-theme-" + name.replace(/_/g, "-"), value);
      }
    });
    var bg = theme.bg_color;
    if (typeof bg === "string" && /^#[0-9a-fA-F]{6}$/.test(bg)) {
      var n = parseInt(bg.slice(1), 16);
      var light = 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
      root.classList.toggle("dark", light < 128);
      root.classList.toggle("light", light >= 128);
    }
  }

  function readTheme() {
    var raw = params.get("tgWebAppThemeParams");
    if (raw) store(THEME_KEY, raw);
    raw = raw || stored(THEME_KEY);
    if (!raw) return;
    try {
      applyTheme(JSON.parse(raw));
    } catch (e) {
      /* a malformed theme keeps the defaults */
    }
  }

  readTheme();

  // Inside a Telegram client: say the page is ready (hides Telegram's placeholder), take the
  // full height, and follow theme changes through Telegram's own script, loaded after the page
  // so a closed network never blocks it. Opened in a plain browser, nothing is loaded.
  function postEvent(type, data) {
    var body = JSON.stringify({ eventType: type, eventData: data || {} });
    try {
      if (window.TelegramWebviewProxy) {
        window.TelegramWebviewProxy.postEvent(type, JSON.stringify(data || {}));
      } else if (window.parent && window.parent !== window) {
        window.parent.postMessage(body, "https://web.telegram.org");
      }
    } catch (e) {
      /* not inside Telegram */
    }
  }

  function withTelegram() {
    var platform = params.get("tgWebAppPlatform");
    if (platform) store(PLATFORM_KEY, platform);
    platform = platform || stored(PLATFORM_KEY);
    if (!platform || platform === "unknown") return;
    postEvent("web_app_ready");
    postEvent("web_app_expand");
    if (window.Telegram && window.Telegram.WebApp) return;
    var script = document.createElement("script");
    script.src = TELEGRAM_SCRIPT;
    script.async = true;
    script.onload = function () {
      var tg = window.Telegram && window.Telegram.WebApp;
      if (!tg) return;
      tg.ready();
      tg.expand();
      applyTheme(tg.themeParams);
      tg.onEvent("themeChanged", function () {
        applyTheme(tg.themeParams);
      });
      // Telegram's own back button on every page but the caseload, the dashboard's start.
      if (tg.BackButton && document.body.dataset.page !== "caseload") {
        tg.BackButton.show();
        tg.BackButton.onClick(function () {
          if (window.history.length > 1) window.history.back();
          else window.location.assign("/app/");
        });
      }
    };
    document.head.appendChild(script);
  }

  // --- texts ---------------------------------------------------------------------------------

  // A text by its content key with {placeholders} filled in; the key itself if it is missing
  // (tests/unit/test_dashboard_texts.py checks every key used here exists).
  function t(key, values) {
    var template = texts[key];
    if (template === undefined) template = texts[key.replace(/^dashboard\./, "")];
    if (template === undefined) return key;
    return String(template).replace(/\{([a-z][a-z0-9_]*)\}/g, function (whole, name) {
      return values && values[name] !== undefined && values[name] !== null
        ? String(values[name])
        : whole;
    });
  }

  function has(key) {
    return texts[key] !== undefined || texts[key.replace(/^dashboard\./, "")] !== undefined;
  }

  var ATTRIBUTES = ["placeholder", "aria-label", "title", "alt"];

  // Fill every element under `root` that names a text: data-text (its content) and
  // data-text-<attribute> (placeholder, aria-label, title, alt).
  function fill(root) {
    var scope = root || document;
    scope.querySelectorAll("[data-text]").forEach(function (el) {
      el.textContent = t(el.getAttribute("data-text"));
    });
    ATTRIBUTES.forEach(function (attr) {
      scope.querySelectorAll("[data-text-" + attr + "]").forEach(function (el) {
        el.setAttribute(attr, t(el.getAttribute("data-text-" + attr)));
      });
    });
  }

  // An element with text content only: `el("li", {className: "x"}, "words")`.
  function el(tag, props, text) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (name) {
        if (name === "dataset") {
          Object.keys(props.dataset).forEach(function (k) {
            node.dataset[k] = props.dataset[k];
          });
        } else if (name in node && name !== "href") {
          node[name] = props[name];
        } else {
          node.setAttribute(name, props[name]);
        }
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // --- status and errors ---------------------------------------------------------------------

  function status(message) {
    var box = document.getElementById("status");
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  }

  function errorText(err) {
    if (!err || err.status === undefined) return t("dashboard.errors.network");
    var body = err.body || {};
    var key = {
      401: "dashboard.errors.unauthorized",
      403: "dashboard.errors.forbidden",
      404: "dashboard.errors.not_found",
    }[err.status];
    if (key && has(key)) return t(key);
    if (err.status === 400 && has("dashboard.errors.bad_request")) {
      return body.field
        ? t("dashboard.errors.bad_request", { field: body.field })
        : t("dashboard.errors.bad_request_plain");
    }
    // Before the texts arrived (GET /app/api/me itself refused): the server's own words.
    if (typeof body.message === "string" && body.message) return body.message;
    if (key || !has("dashboard.errors.server")) return String(err.status);
    return t("dashboard.errors.server");
  }

  // Show what went wrong. A refused identity (401/403) also hides the page: nothing of a
  // caseload is shown to someone the server did not let in.
  function showError(err) {
    var box = document.getElementById("error");
    if (box) {
      box.textContent = errorText(err);
      box.hidden = false;
      box.dataset.status = err && err.status !== undefined ? String(err.status) : "network";
    }
    status("");
    if (err && (err.status === 401 || err.status === 403)) {
      document.body.classList.add("refused");
      var main = document.getElementById("main");
      if (main) main.hidden = true;
    }
  }

  function clearError() {
    var box = document.getElementById("error");
    if (box) {
      box.hidden = true;
      box.textContent = "";
    }
  }

  // --- the API -------------------------------------------------------------------------------

  function ApiError(statusCode, body) {
    this.status = statusCode;
    this.body = body || {};
  }

  // Call /app/api/<path>; JSON back (or the Response with {raw: true}); ApiError on a refusal.
  async function api(path, options) {
    var opts = options || {};
    var headers = { Authorization: "tma " + initData, Accept: opts.accept || "application/json" };
    var init = { method: opts.method || "GET", headers: headers, credentials: "omit" };
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opts.body);
    }
    var response;
    try {
      response = await fetch("/app/api/" + path, init);
    } catch (e) {
      throw new ApiError(undefined, {});
    }
    if (!response.ok) {
      var body = {};
      try {
        body = await response.json();
      } catch (e) {
        body = {};
      }
      throw new ApiError(response.status, body);
    }
    if (opts.raw) return response;
    return response.json();
  }

  function post(path, body) {
    return api(path, { method: "POST", body: body || {} });
  }

  // Download an authenticated file: fetched with the header, then saved from a blob URL.
  async function download(path, fallbackName) {
    var response = await api(path, { raw: true, accept: "*/*" });
    var blob = await response.blob();
    var name = fallbackName;
    var disposition = response.headers.get("Content-Disposition") || "";
    var match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    if (match) {
      try {
        name = decodeURIComponent(match[1]);
      } catch (e) {
        name = match[1];
      }
    }
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
    return name;
  }

  // An authenticated picture (the self-test chart) as a blob URL for <img src>.
  async function blobUrl(path) {
    var response = await api(path, { raw: true, accept: "image/*" });
    return URL.createObjectURL(await response.blob());
  }

  // --- start ---------------------------------------------------------------------------------

  // Every page: texts and who is looking first, then the page's own `run(me)`.
  async function start(run) {
    withTelegram();
    var busy = document.getElementById("busy");
    try {
      me = await api("me");
      texts = me.texts || {};
      document.documentElement.dataset.role = me.role || "";
      fill(document);
      var page = document.body.dataset.page;
      var title = document.querySelector("h1");
      document.title = (title ? title.textContent + " · " : "") + t("dashboard.app.name");
      var current = document.querySelector('nav a[data-page="' + page + '"]');
      if (current) current.setAttribute("aria-current", "page");
      var main = document.getElementById("main");
      if (main) main.hidden = false;
      await run(me);
    } catch (err) {
      // Nothing half-loaded stays on screen: the page is its error alone.
      var shown = document.getElementById("main");
      if (shown && me) shown.hidden = true;
      if (err instanceof ApiError) {
        showError(err);
      } else {
        showError(undefined);
        throw err;
      }
    } finally {
      if (busy) busy.hidden = true;
    }
  }

  // Run an action from a button: disabled while it runs, #status on success, #error otherwise.
  async function act(button, work, doneText) {
    if (button) button.disabled = true;
    clearError();
    status("");
    try {
      var result = await work();
      if (doneText) status(doneText);
      return result;
    } catch (err) {
      if (err instanceof ApiError) showError(err);
      else throw err;
      return undefined;
    } finally {
      if (button) button.disabled = false;
    }
  }

  // Compare for sorting: nulls always last, numbers as numbers, text by the viewer's locale.
  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
  function compare(a, b, direction) {
    var aNone = a === null || a === undefined || a === "";
    var bNone = b === null || b === undefined || b === "";
    if (aNone || bNone) return aNone === bNone ? 0 : aNone ? 1 : -1;
    var order =
      typeof a === "number" && typeof b === "number"
        ? a - b
        : collator.compare(String(a), String(b));
    return direction === "desc" ? -order : order;
  }

  // Folded for search: case and accents ignored ("jose" finds "José").
  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  window.Dash = {
    api: api,
    post: post,
    download: download,
    blobUrl: blobUrl,
    start: start,
    act: act,
    t: t,
    has: has,
    fill: fill,
    el: el,
    status: status,
    showError: showError,
    clearError: clearError,
    compare: compare,
    fold: fold,
    ApiError: ApiError,
    me: function () {
      return me;
    },
  };
})();
