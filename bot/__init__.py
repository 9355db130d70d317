"""toebot: a Telegram coach for a foot home-exercise programme."""
