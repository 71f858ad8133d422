"""pitstop.detect."""
