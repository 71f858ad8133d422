"""pitstop.report."""
