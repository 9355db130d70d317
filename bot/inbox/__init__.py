"""The durable inbox: every update is stored before Telegram is told it arrived, then handled
chat by chat in `update_id` order by any number of processes.

- :mod:`bot.inbox.keys`: which chat an update belongs to, and which updates we ask for.
- :mod:`bot.inbox.store`: the SQL (store, claim with leases, finish, renew, prune).
- :mod:`bot.inbox.worker`: claims chats, feeds their updates to the PTB `Application`.
- :mod:`bot.inbox.polling`: long polling that moves the offset only past stored updates.

The webhook side (an HTTP 200 only after the update is stored) is :mod:`bot.web.server`.
"""
