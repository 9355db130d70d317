/* The page for an address under /app/ that is no page (the server's 404): the same texts as
 * every page, so it too speaks the dashboard's words (and says 401/403 if that is the case). */
(function () {
  "use strict";
  window.Dash.start(async function () {});
})();
