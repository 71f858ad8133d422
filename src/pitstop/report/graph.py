"""`pitstop run --graph` / `--dry-run`: the plan's needs graph in stages, as text."""

from __future__ import annotations

from pitstop.runner.plan import Plan


def render_graph(plan: Plan) -> str:
    lines = []
    for number, stage in enumerate(plan.stages, start=1):
        lines.append(f"stage {number}:")
        for cell in stage:
            needs = f"  <- {', '.join(cell.needs)}" if cell.needs else ""
            lines.append(f"  {cell.workflow.rsplit('/', 1)[-1]}: {cell.display_name}{needs}")
    return "\n".join(lines)
