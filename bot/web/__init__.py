"""The bot's HTTP side (aiohttp): the Telegram webhook endpoint and the health checks, on
one port (`PORT`); the therapists' Mini App will be served from the same server."""
