"""Who calls the dashboard's API: Telegram's signed `initData`, then the one access rule.

Every API request carries `Authorization: tma <initData>` (as Telegram's Mini Apps
documentation suggests). The middleware validates it with `bot.domain.initdata.validate`
(this bot's token, at most WEBAPP_MAX_AGE_SECONDS old, the injected clock), then looks the
user up with `bot.services.access.viewer_for`: 401 for missing, malformed, forged, expired
or another bot's `initData`; 403 for a real Telegram user who is not an active therapist,
clinic admin or bot admin. No cookie, no session: every call proves itself again. Only the
refusal's reason is logged, never the header.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.deps import Deps
from bot.domain.initdata import InitDataError, Refusal, WebAppUser, validate
from bot.services.access import Viewer, viewer_for

__all__ = ["DEPS", "SCHEME", "VIEWER", "api_middleware", "error", "viewer_of"]

log = logging.getLogger(__name__)

SCHEME = "tma"
DEPS = web.AppKey("dashboard_deps", Deps)
VIEWER = web.RequestKey("dashboard_viewer", Viewer)
# Health data: no proxy or browser cache keeps an answer.
NO_STORE = {"Cache-Control": "no-store"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error(status: int, kind: str, **extra: object) -> web.Response:
    """A JSON refusal as the contract names them (`{"error": kind, ...}`)."""
    return web.json_response({"error": kind, **extra}, status=status, headers=NO_STORE)


def init_data_of(header: str | None) -> str:
    """The `initData` of an `Authorization: tma <initData>` header; InitDataError otherwise
    (MISSING without the header, MALFORMED with another scheme or nothing after it)."""
    if header is None or not header.strip():
        raise InitDataError(Refusal.MISSING)
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != SCHEME or not value.strip():
        raise InitDataError(Refusal.MALFORMED)
    return value.strip()


def signed_user(deps: Deps, header: str | None) -> WebAppUser:
    """The Telegram user who signed this header's `initData` (InitDataError otherwise)."""
    token = deps.settings.token
    if token is None:
        # No token, nothing can be checked: nobody gets in.
        raise InitDataError(Refusal.BAD_HASH)
    return validate(
        init_data_of(header),
        bot_token=token,
        now=deps.now(),
        max_age=dt.timedelta(seconds=deps.settings.webapp_max_age_seconds),
    )


@web.middleware
async def api_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Authenticate every API call before its handler runs; health data is never cached."""
    deps = request.app[DEPS]
    try:
        user = signed_user(deps, request.headers.get("Authorization"))
    except InitDataError as exc:
        log.info("dashboard: initData refused (%s)", exc.refusal.value)
        # The page has no texts before GET /me answers: the refusal carries its sentence.
        message = deps.text("dashboard.errors.unauthorized")
        return error(401, "unauthorized", reason=exc.refusal.value, message=message)
    async with deps.transaction() as session:
        viewer = await viewer_for(session, user_id=user.id, admin_ids=deps.settings.admin_ids)
    if viewer is None:
        log.info("dashboard: user %s is not a viewer", user.id)
        return error(403, "forbidden", message=deps.text("dashboard.errors.forbidden"))
    request[VIEWER] = viewer
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        # An unknown API path answers in the API's own shape.
        return error(404, "not_found")
    response.headers.update(NO_STORE)
    return response


def viewer_of(request: web.Request) -> Viewer:
    """The authenticated viewer of this request (set by the middleware)."""
    return request[VIEWER]
