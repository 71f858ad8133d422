"""The plug-in table of native stand-ins for `uses:` actions, keyed by `owner/repo[/path]`.

Adding an action is adding one module and one line here. The version after `@` is not part
of the key: every version of an action maps to the same stand-in. `lookup` falls back to
running a JavaScript action from the local actions cache (see `pitstop.actions.javascript`).
"""

from __future__ import annotations

from pitstop.actions import (
    alls_green,
    cache,
    checkout,
    codecov,
    download_artifact,
    javascript,
    pre_commit,
    prek,
    setup_node,
    setup_python,
    setup_uv,
    trivy,
    upload_artifact,
    upload_sarif,
)
from pitstop.actions.base import Action
from pitstop.actions.inputs import action_name

ACTIONS: dict[str, Action] = {
    "actions/checkout": checkout,
    "actions/setup-python": setup_python,
    "actions/setup-node": setup_node,
    "astral-sh/setup-uv": setup_uv,
    "actions/cache": cache.both,
    "actions/cache/restore": cache.restore,
    "actions/cache/save": cache.save,
    "actions/upload-artifact": upload_artifact,
    "actions/download-artifact": download_artifact,
    "codecov/codecov-action": codecov,
    "github/codeql-action/upload-sarif": upload_sarif,
    "pre-commit/action": pre_commit,
    "j178/prek-action": prek,
    "aquasecurity/trivy-action": trivy.scan,
    "aquasecurity/setup-trivy": trivy.setup,
    "re-actors/alls-green": alls_green,
}


def lookup(uses: str) -> Action | None:
    """The stand-in for `uses:` (`owner/repo[/path]@ref`), a cached JavaScript action, or None.

    Local (`./...`) and `docker://` actions are the runner's business and give None.
    """
    name = action_name(uses)
    if name.startswith(("./", "docker://")) or name.count("/") < 1:
        return None
    return ACTIONS.get(name) or javascript.find(uses)


def not_found(uses: str) -> tuple[str, str]:
    """(message, hint) for a `uses:` that `lookup` does not know, for the runner's error."""
    name = action_name(uses)
    message = (
        f"action {name} has no native stand-in in pitstop and is not in the local actions "
        f"cache ({javascript.cache_root()})"
    )
    hint = f"while online, run: {javascript.clone_hint(uses)}"
    return message, hint
