"""The HTTP client under python-telegram-bot's `Bot`: aiohttp instead of PTB's default httpx.

Every handler reply, answer and edit goes through `Bot` and so through this request class.
PTB's `HTTPXRequest` costs about a millisecond of CPU per Bot API call (httpx, httpcore,
anyio and h11 are pure Python); aiohttp, whose HTTP parser is C, costs a fraction of it (see
`bot.delivery.senders` for the same finding on sendMessage: about 1,000 calls/s through
httpx against 4,000-7,000/s through aiohttp on the reference machine). A drill press makes
two calls, a text one, so this was a large part of a handled update's CPU (issue 14).

Only the transport changes: PTB still builds the parameters (`RequestData`) and parses the
answer, so errors (`BadRequest`, `RetryAfter`, `Forbidden`...) are raised exactly as before,
by PTB, from the status code and body returned here. Network failures become PTB's
`NetworkError`, timeouts its `TimedOut`, as `HTTPXRequest` does. aiohttp has no write
timeout: the read timeout runs from the moment the request is sent, which bounds an upload
too.
"""

from __future__ import annotations

from urllib.parse import urlencode

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

__all__ = ["AiohttpRequest"]

_URLENCODED = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    """A `telegram.request.BaseRequest` over one aiohttp session (keep-alive connections)."""

    __slots__ = ("_connect_timeout", "_pool_size", "_pool_timeout", "_read_timeout", "_session")

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The read timeout used when a call does not give one."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (inside the running loop, as aiohttp requires)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(  # noqa: PLR0917 (PTB's signature)
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one Bot API request; (status code, body) for PTB to read."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        # aiohttp's `connect` covers waiting for a free pooled connection and connecting;
        # `sock_connect` the connecting alone.
        waited = None if connect is None or pool is None else float(connect) + float(pool)  # type: ignore[arg-type]
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=waited,
            sock_connect=connect,  # type: ignore[arg-type]
            sock_read=read,  # type: ignore[arg-type]
        )
        try:
            async with session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _body(request_data: RequestData | None) -> aiohttp.FormData | aiohttp.BytesPayload | None:
    """The parameters as PTB's httpx request sends them: a urlencoded form of JSON-encoded
    values, or a multipart form when files are uploaded."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        # The bytes and content type aiohttp's FormData makes of a dict, without building a
        # FormData (and its multipart writer, with a random boundary) on every call.
        return aiohttp.BytesPayload(
            urlencode(list(fields.items()), doseq=True, encoding="utf-8").encode(),
            content_type=_URLENCODED,
        )
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, mimetype = part
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
