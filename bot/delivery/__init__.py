"""Every message the bot sends on its own, and the one path it takes.

- `dispatcher`: reminder prompts, claimed in batches (`claims`: leases, ``SKIP LOCKED`` on
  PostgreSQL), sent and recorded; its data types in `prompts`;
  `reminders`: the prompt renderer, the process's dispatcher and its tick job.
- `notify`: everything else (digests, alerts, advice and its reminders, self-test prompts,
  notices): keyed at most once across processes, recorded in ``deliveries``, retried, split.
- `senders` (the Bot API and its error mapping) and `ratelimit` (one limiter per process,
  shared by both paths).
- `jobs` and `escalations`: the periodic jobs that build notices from services' plain data.
"""
