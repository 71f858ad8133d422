"""`.github/rulesets/main.json`: the default branch needs a PR and a green `ci-success`."""

from __future__ import annotations

import json

from pitstop.detect.project import Project

REQUIRED_CHECK = "ci-success"


def ruleset(project: Project) -> dict[str, object]:
    return {
        "name": f"protect {project.default_branch}",
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "bypass_actors": [],
        "rules": [
            {"type": "deletion"},
            {"type": "non_fast_forward"},
            {
                "type": "pull_request",
                "parameters": {
                    "required_approving_review_count": 1,
                    "dismiss_stale_reviews_on_push": True,
                    "require_code_owner_review": False,
                    "require_last_push_approval": False,
                    "required_review_thread_resolution": False,
                },
            },
            {
                "type": "required_status_checks",
                "parameters": {
                    "strict_required_status_checks_policy": True,
                    "required_status_checks": [{"context": REQUIRED_CHECK}],
                },
            },
        ],
    }


def render(project: Project) -> str:
    return json.dumps(ruleset(project), indent=2) + "\n"
