"""GitHub Actions workflows: YAML with positions -> typed immutable records."""
