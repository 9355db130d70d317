"""Pure rules: no Telegram, no database, no services (import contracts enforce it)."""
