"""Browser tests of the dashboard (Playwright driving the system Chromium)."""
