"""pitstop.generate."""
