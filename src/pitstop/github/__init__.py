"""GitHub's own formats, each implemented once, below `runner`, `actions` and `expressions`.

Environment files, workflow commands, `@actions/glob` and filter patterns, git access, the
`[network]` step mark and the `--input`/`--var` names. Nothing here imports a layer above.
"""
