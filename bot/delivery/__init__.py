"""Every message the bot sends on its own: the dispatcher, claims, senders, rate limit, notify."""
