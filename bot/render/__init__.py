"""Pictures only: the self-test foot map, the progress chart and invite QR codes."""
