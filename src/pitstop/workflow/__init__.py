"""GitHub Actions workflows: YAML with positions -> typed immutable records.

Public API: `load_workflow(path, root=None) -> Workflow` and `load_workflows(root)`; the
records are in `pitstop.workflow.model`, matrix expansion in `pitstop.workflow.matrix`.
"""

from __future__ import annotations

from pitstop.workflow.loader import load_workflow, load_workflows

__all__ = ["load_workflow", "load_workflows"]
