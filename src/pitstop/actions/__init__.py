"""pitstop.actions."""
