"""HTTP control API of the sandbox (``/sandbox/<action>``) and a client for it.

Another process (a terminal, a benchmark driver) can act as users and read what the bot sent
through plain JSON requests.  Every answer is ``{"ok": true, "result": ...}`` or
``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import base64
import inspect
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import aiohttp
from aiohttp import web

from bot.sandbox.objects import CallbackAnswer, SentMessage

if TYPE_CHECKING:
    from bot.sandbox.server import FaultKind, SandboxBotApi, SandboxStats

__all__ = ["ControlApi", "SandboxControlError", "SandboxHttpClient"]

Args = dict[str, Any]
Action = Callable[[Args], Any]


class SandboxControlError(RuntimeError):
    """The control API refused a request (bad arguments, unknown button, ...)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _int(args: Args, name: str) -> int:
    if name not in args:
        raise ValueError(f"missing argument {name!r}")
    return int(args[name])


def _opt_int(args: Args, name: str) -> int | None:
    value = args.get(name)
    return None if value is None or value == "" else int(value)


def _str(args: Args, name: str) -> str:
    value = args.get(name)
    if not isinstance(value, str):
        raise ValueError(f"argument {name!r} must be a string")
    return value


def _stats_json(stats: SandboxStats) -> dict[str, Any]:
    return {
        "requests": dict(stats["requests"]),
        "errors": dict(stats["errors"]),
        "send_message_ok_by_chat": {str(k): v for k, v in stats["send_message_ok_by_chat"].items()},
        "messages_sent": stats["messages_sent"],
        "faults_served": stats["faults_served"],
        "faults_by_kind": dict(stats["faults_by_kind"]),
        "updates_queued": stats["updates_queued"],
        "updates_pending": stats["updates_pending"],
    }


class ControlApi:
    """Serves ``/sandbox/<action>`` for one :class:`SandboxBotApi`."""

    def __init__(self, sandbox: SandboxBotApi) -> None:
        self._sb = sandbox
        self._actions: dict[str, Action] = {
            "user": self._user,
            "send_text": lambda a: sandbox.send_text(_int(a, "user_id"), _str(a, "text")),
            "open_deep_link": lambda a: sandbox.open_deep_link(
                _int(a, "user_id"), _str(a, "payload")
            ),
            "open_link": lambda a: sandbox.open_link(_int(a, "user_id"), _str(a, "url")),
            "send_sticker": lambda a: sandbox.send_sticker(
                _int(a, "user_id"), str(a.get("emoji") or "👍")
            ),
            "send_photo": self._send_photo,
            "send_location": lambda a: sandbox.send_location(
                _int(a, "user_id"), float(a["latitude"]), float(a["longitude"])
            ),
            "press": lambda a: sandbox.press(
                _int(a, "user_id"),
                _int(a, "message_id"),
                _str(a, "callback_data"),
                chat_id=_opt_int(a, "chat_id"),
            ),
            "press_button": lambda a: sandbox.press_button(
                _int(a, "user_id"), _str(a, "label"), _opt_int(a, "message_id")
            ),
            "messages": lambda a: [m.to_dict() for m in sandbox.messages(_int(a, "user_id"))],
            "callback_answers": lambda a: [
                c.to_dict() for c in sandbox.callback_answers(_int(a, "user_id"))
            ],
            "send_raw_update": self._send_raw_update,
            "updates_pending": lambda a: sandbox.updates_pending(),
            "wait_messages": self._wait_messages,
            "wait_update_consumed": self._wait_update_consumed,
            "inject_fault": self._inject_fault,
            "reset_faults": lambda a: sandbox.reset_faults(),
            "block": lambda a: sandbox.block(_int(a, "user_id")),
            "unblock": lambda a: sandbox.unblock(_int(a, "user_id")),
            "stats": lambda a: _stats_json(sandbox.stats()),
            "reset": lambda a: sandbox.reset(),
        }

    async def handle(self, request: web.Request, action: str) -> web.Response:
        func = self._actions.get(action)
        if func is None:
            return web.json_response(
                {
                    "ok": False,
                    "error": f"unknown action {action!r}; known: {sorted(self._actions)}",
                },
                status=404,
            )
        args: Args = dict(request.query)
        if request.body_exists:
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"ok": False, "error": "body must be JSON"}, status=400)
            if not isinstance(body, dict):
                return web.json_response(
                    {"ok": False, "error": "body must be a JSON object"}, status=400
                )
            args.update(body)
        try:
            result = func(args)
            if inspect.isawaitable(result):
                result = await result
        except TimeoutError as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=408)
        except (ValueError, LookupError, TypeError) as exc:
            return web.json_response({"ok": False, "error": str(exc)}, status=400)
        return web.json_response({"ok": True, "result": result})

    def _user(self, args: Args) -> dict[str, Any]:
        user = self._sb.user(
            _int(args, "user_id"),
            first_name=args.get("first_name"),
            username=args.get("username"),
            language_code=args.get("language_code"),
        )
        return user.to_api()

    def _send_photo(self, args: Args) -> int:
        encoded = args.get("data_b64")
        data = base64.b64decode(encoded) if isinstance(encoded, str) else None
        return self._sb.send_photo_from_user(_int(args, "user_id"), data, args.get("caption"))

    def _send_raw_update(self, args: Args) -> int:
        update = args.get("update")
        if not isinstance(update, dict):
            raise ValueError("argument 'update' must be a JSON object")
        return self._sb.send_raw_update(update)

    async def _wait_messages(self, args: Args) -> list[dict[str, Any]]:
        sent = await self._sb.wait_messages(
            _int(args, "user_id"), _int(args, "count"), float(args.get("timeout", 5.0))
        )
        return [m.to_dict() for m in sent]

    async def _wait_update_consumed(self, args: Args) -> bool:
        await self._sb.wait_update_consumed(
            _int(args, "update_id"), float(args.get("timeout", 5.0))
        )
        return True

    def _inject_fault(self, args: Args) -> None:
        kind = _str(args, "kind")
        self._sb.inject_fault(
            args.get("method"),
            chat_id=_opt_int(args, "chat_id"),
            kind=cast("FaultKind", kind),
            retry_after=int(args.get("retry_after", 1)),
            delay=float(args.get("delay", 0.0)),
            status=int(args.get("status", 502)),
            count=int(args.get("count", 1)),
        )


class SandboxHttpClient:
    """Async client for the control API; use as ``async with SandboxHttpClient(url) as c``.

    ``control_url`` is :attr:`SandboxBotApi.control_url` (``http://host:port/sandbox``).
    """

    def __init__(self, control_url: str, *, session: aiohttp.ClientSession | None = None) -> None:
        self._url = control_url.rstrip("/")
        self._session = session
        self._own_session = session is None

    async def __aenter__(self) -> SandboxHttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None and self._own_session:
            await self._session.close()
        self._session = None

    async def _call(self, action: str, wait: float = 0.0, **args: Any) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession()
            self._own_session = True
        payload = {k: v for k, v in args.items() if v is not None}
        timeout = aiohttp.ClientTimeout(total=30.0 + wait)
        async with self._session.post(
            f"{self._url}/{action}", json=payload, timeout=timeout
        ) as resp:
            body = await resp.json()
        if not isinstance(body, dict):
            raise SandboxControlError(resp.status, f"unexpected answer {body!r}")
        if body.get("ok"):
            return body.get("result")
        message = str(body.get("error", "unknown error"))
        if resp.status == 408:
            raise TimeoutError(message)
        raise SandboxControlError(resp.status, message)

    async def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        result = await self._call(
            "user",
            user_id=user_id,
            first_name=first_name,
            username=username,
            language_code=language_code,
        )
        return cast("dict[str, Any]", result)

    async def send_text(self, user_id: int, text: str) -> int:
        return int(await self._call("send_text", user_id=user_id, text=text))

    async def open_deep_link(self, user_id: int, payload: str) -> int:
        return int(await self._call("open_deep_link", user_id=user_id, payload=payload))

    async def open_link(self, user_id: int, url: str) -> int:
        return int(await self._call("open_link", user_id=user_id, url=url))

    async def send_sticker(self, user_id: int, emoji: str = "👍") -> int:
        return int(await self._call("send_sticker", user_id=user_id, emoji=emoji))

    async def send_photo_from_user(
        self, user_id: int, data: bytes | None = None, caption: str | None = None
    ) -> int:
        encoded = base64.b64encode(data).decode() if data is not None else None
        result = await self._call("send_photo", user_id=user_id, data_b64=encoded, caption=caption)
        return int(result)

    async def press(
        self, user_id: int, message_id: int, callback_data: str, *, chat_id: int | None = None
    ) -> int:
        result = await self._call(
            "press",
            user_id=user_id,
            message_id=message_id,
            callback_data=callback_data,
            chat_id=chat_id,
        )
        return int(result)

    async def press_button(self, user_id: int, label: str, message_id: int | None = None) -> int:
        result = await self._call(
            "press_button", user_id=user_id, label=label, message_id=message_id
        )
        return int(result)

    async def messages(self, user_id: int) -> list[SentMessage]:
        result = await self._call("messages", user_id=user_id)
        return [SentMessage.from_dict(m) for m in result]

    async def last_message(self, user_id: int) -> SentMessage:
        sent = await self.messages(user_id)
        if not sent:
            raise LookupError(f"the bot has sent nothing to chat {user_id}")
        return sent[-1]

    async def callback_answers(self, user_id: int) -> list[CallbackAnswer]:
        result = await self._call("callback_answers", user_id=user_id)
        return [CallbackAnswer.from_dict(a) for a in result]

    async def send_raw_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (valid or not); returns its update_id."""
        return int(await self._call("send_raw_update", update=update))

    async def updates_pending(self) -> int:
        return int(await self._call("updates_pending"))

    async def wait_messages(
        self,
        user_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        result = await self._call(
            "wait_messages", wait=timeout, user_id=user_id, count=count, timeout=timeout
        )
        return [SentMessage.from_dict(m) for m in result]

    async def wait_update_consumed(self, update_id: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        await self._call("wait_update_consumed", wait=timeout, update_id=update_id, timeout=timeout)

    async def inject_fault(
        self,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        kind: FaultKind,
        retry_after: int = 1,
        delay: float = 0.0,
        status: int = 502,
        count: int = 1,
    ) -> None:
        await self._call(
            "inject_fault",
            method=method,
            chat_id=chat_id,
            kind=kind,
            retry_after=retry_after,
            delay=delay,
            status=status,
            count=count,
        )

    async def reset_faults(self) -> None:
        await self._call("reset_faults")

    async def block(self, user_id: int) -> None:
        await self._call("block", user_id=user_id)

    async def unblock(self, user_id: int) -> None:
        await self._call("unblock", user_id=user_id)

    async def reset(self) -> None:
        await self._call("reset")

    async def stats(self) -> dict[str, Any]:
        """Like :meth:`SandboxBotApi.stats`, with ``send_message_ok_by_chat`` keyed by int."""
        result = cast("dict[str, Any]", await self._call("stats"))
        result["requests"] = Counter(result["requests"])
        result["errors"] = Counter(result["errors"])
        result["faults_by_kind"] = Counter(result["faults_by_kind"])
        result["send_message_ok_by_chat"] = Counter(
            {int(k): v for k, v in result["send_message_ok_by_chat"].items()}
        )
        return result
