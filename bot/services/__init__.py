"""Use cases: one module per family, an explicit session in, plain data out, no Telegram."""
