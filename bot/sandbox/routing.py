"""The HTTP side of the sandbox: URL routing, the token, request parsing and answer envelopes.

``/bot<token>/<method>`` goes to the method table (``SandboxBotApi._register_methods``), with
any injected fault served first; ``/file/bot<token>/<path>`` serves stored files; ``/sandbox/``
goes to the HTTP control API.  Every answer is the Bot API's JSON envelope.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any

from aiohttp import web

from bot.sandbox.faults import Fault, FaultsMixin
from bot.sandbox.params import ApiError, Params, Upload, bad_request

# One logger for the whole server, under the name it had before the server was split.
log = logging.getLogger("bot.sandbox.server")


class RoutingMixin(FaultsMixin):
    """Turning HTTP requests into Bot API method calls and their answers into HTTP."""

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/bot"):
            return await self._api_request(request, path[4:])
        if path.startswith("/file/bot"):
            return self._file_request(path[9:])
        if path.startswith("/sandbox/") and self._control is not None:
            response: web.StreamResponse = await self._control.handle(request, path[9:])
            return response
        return json_response(ApiError(404, "Not Found").payload(), 404)

    def _token_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self._token_bytes)

    async def _api_request(self, request: web.Request, rest: str) -> web.StreamResponse:
        token, _, method = rest.partition("/")
        if not self._token_ok(token):
            return json_response(ApiError(401, "Unauthorized").payload(), 401)
        entry = self._methods.get(method.lower())
        if entry is None:
            return json_response(ApiError(404, "Not Found").payload(), 404)
        name, handler, is_async = entry
        self._requests[name] += 1
        if is_async:
            return await self._call_method(request, name, handler, is_async)
        # Everything but long polling counts as the bot being busy, for wait_idle().
        self._in_flight += 1
        try:
            return await self._call_method(request, name, handler, is_async)
        finally:
            self._in_flight -= 1
            self._last_activity = time.monotonic()

    async def _call_method(
        self,
        request: web.Request,
        name: str,
        handler: Callable[[Params], Any],
        is_async: bool,
    ) -> web.StreamResponse:
        try:
            params = await read_params(request)
            fault = self._take_fault(name, params) if self._faults else None
            if fault is not None:
                if fault.kind == "slow":
                    await asyncio.sleep(fault.delay)
                elif fault.kind != "lost_response":
                    return self._fault_response(request, fault)
            result = await handler(params) if is_async else handler(params)
            if fault is not None and fault.kind == "lost_response":
                return drop_connection(request)
        except ApiError as exc:
            self._errors[name] += 1
            return json_response(exc.payload(), exc.code)
        except Exception:
            self._errors[name] += 1
            # The method name only: the URL would reveal the token.
            log.exception("sandbox Bot API method %s failed", name)
            return json_response(ApiError(500, "Internal Server Error").payload(), 500)
        return json_response({"ok": True, "result": result}, 200)

    def _fault_response(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        if fault.kind == "429":
            return json_response(
                ApiError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    {"retry_after": fault.retry_after},
                ).payload(),
                429,
            )
        if fault.kind == "5xx":
            try:
                phrase = HTTPStatus(fault.status).phrase
            except ValueError:
                phrase = "Server Error"
            return json_response(ApiError(fault.status, phrase).payload(), fault.status)
        return drop_connection(request)

    def _file_request(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        if not self._token_ok(token):
            return json_response(ApiError(401, "Unauthorized").payload(), 401)
        record = self._files_by_path.get(file_path)
        if record is None:
            return json_response(ApiError(404, "Not Found").payload(), 404)
        return web.Response(
            body=record.data, content_type=record.mime_type or "application/octet-stream"
        )


def json_response(payload: Mapping[str, Any], status: int) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, content_type="application/json")


def drop_connection(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.abort()
    # Never written: the connection is already gone.
    return web.Response(status=500)


def form_items(form: Iterable[tuple[str, Any]]) -> tuple[dict[str, Any], dict[str, Upload]]:
    data: dict[str, Any] = {}
    files: dict[str, Upload] = {}
    for key, value in form:
        if isinstance(value, web.FileField):
            files[key] = Upload(value.filename, value.content_type, value.file.read())
        else:
            data[key] = value
    return data, files


async def read_params(request: web.Request) -> Params:
    ctype = request.content_type
    query = request.query
    if request.method == "GET" or not request.body_exists:
        return Params(query)
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON encoded request parameters") from None
        if not isinstance(body, dict):
            raise bad_request("JSON encoded request parameters must be an Object")
        return Params({**query, **body} if query else body)
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        data, files = form_items(form.items())
        return Params({**query, **data} if query else data, files)
    return Params(query)
