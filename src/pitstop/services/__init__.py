"""pitstop.services."""
