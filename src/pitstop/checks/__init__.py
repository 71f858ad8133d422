"""The checks `pitstop check` runs over a project's workflows: one module each."""
