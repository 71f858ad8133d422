"""pitstop.runner."""
