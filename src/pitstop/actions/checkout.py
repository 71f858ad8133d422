"""actions/checkout (any version), natively: the runner has already materialised the workspace.

Honoured inputs:
- `path`: the repository is moved from the top of GITHUB_WORKSPACE into that subfolder, as a
  checkout with `path:` would have placed it. It must stay inside the workspace.
- `ref`: `git checkout --force --detach <ref>` in the workspace copy (a branch that only
  exists as `origin/<ref>` is found too). Uncommitted changes in the copy are dropped, as a
  fresh clone would not have them.
- `fetch-depth`: `0` makes sure the copy has full history (`git fetch --unshallow` when it is
  shallow); any other depth is noted: shallowness changes nothing locally.
- `persist-credentials`: `false` removes `http.*.extraheader` and `credential.helper` entries
  from the copy's own git config; `true` has nothing to persist locally (noted).
- Accepted, without effect locally: `repository` (must be the workflow's own), `token`,
  `ssh-key`, `clean`, `fetch-tags`, `show-progress`, `set-safe-directory`, `lfs: false`,
  `submodules: false`, `filter`, `sparse-checkout`, `sparse-checkout-cone-mode`,
  `github-server-url`.

Outputs `ref` and `commit`, as checkout v4 does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pitstop.actions import inputs
from pitstop.actions.base import ActionCall, ActionResult
from pitstop.github import git

INPUTS = (
    "repository",
    "ref",
    "token",
    "ssh-key",
    "ssh-known-hosts",
    "ssh-strict",
    "ssh-user",
    "persist-credentials",
    "path",
    "clean",
    "filter",
    "sparse-checkout",
    "sparse-checkout-cone-mode",
    "fetch-depth",
    "fetch-tags",
    "show-progress",
    "lfs",
    "submodules",
    "set-safe-directory",
    "github-server-url",
)

CREDENTIAL_KEYS = r"^(http\..*\.extraheader|credential\..*helper|credential\.helper)$"


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    result = ActionResult()
    _check_unsupported(call)
    repo = _place(call, result)
    ref = inputs.text(call, "ref")
    if ref:
        _check_out(call, repo, ref)
    _history(call, result, repo)
    _credentials(call, result, repo)
    result.outputs["commit"] = git.query(repo, "rev-parse", "HEAD") or ""
    result.outputs["ref"] = ref or _current_ref(repo)
    return result


def _check_unsupported(call: ActionCall) -> None:
    for name in ("lfs", "submodules"):
        value = inputs.text(call, name, "false")
        if value not in ("false", "False", "FALSE"):
            raise inputs.error(call, f"{name}: {value} is not supported offline")
    wanted = inputs.text(call, "repository")
    github = call.contexts.get("github")
    own = github.get("repository") if isinstance(github, dict) else None
    if wanted and wanted != own:
        raise inputs.error(
            call,
            f"checking out another repository ({wanted}) needs the network",
            hint="only the workflow's own repository is available locally",
        )


def _place(call: ActionCall, result: ActionResult) -> Path:
    """Where the repository is: the workspace, or the `path` subfolder it is moved to."""
    workspace = call.workspace.resolve()
    target = (workspace / inputs.text(call, "path", ".")).resolve()
    if not target.is_relative_to(workspace):
        raise inputs.error(call, f"repository path '{target}' is not under '{workspace}'")
    if target == workspace or (target / ".git").exists():
        return target
    if not (workspace / ".git").exists():
        raise inputs.error(
            call,
            f"no repository at the top of the workspace to place into '{target}'",
            hint="pitstop checks out the workflow's repository once per job",
        )
    staging = Path(tempfile.mkdtemp(prefix=".pitstop-checkout-", dir=workspace))
    for entry in workspace.iterdir():
        if entry != staging:
            entry.rename(staging / entry.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(target)
    result.notes.append(f"checkout: repository placed in {target.relative_to(workspace)}")
    return target


def _check_out(call: ActionCall, repo: Path, ref: str) -> None:
    for candidate in (ref, f"origin/{ref}", ref.removeprefix("refs/heads/")):
        if git.query(repo, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"):
            argv = ["git", "-c", "advice.detachedHead=false", "checkout", "--force", "--detach"]
            if call.run_command([*argv, candidate], cwd=repo) == 0:
                return
            break
    raise inputs.error(
        call,
        f"ref {ref!r} does not exist in the local repository",
        hint="fetch it into your clone (git fetch origin <ref>) before running pitstop",
    )


def _history(call: ActionCall, result: ActionResult, repo: Path) -> None:
    depth = inputs.text(call, "fetch-depth", "1")
    if depth != "0":
        result.notes.append(
            f"checkout fetch-depth {depth}: shallow history changes nothing locally"
        )
        return
    shallow = git.query(repo, "rev-parse", "--is-shallow-repository") == "true"
    if shallow and call.run_command(["git", "fetch", "--unshallow"], cwd=repo) != 0:
        raise inputs.error(
            call,
            "fetch-depth: 0 needs full history but the local repository is shallow "
            "and could not be unshallowed",
            hint="run `git fetch --unshallow` in your clone while online",
        )


def _credentials(call: ActionCall, result: ActionResult, repo: Path) -> None:
    if inputs.boolean(call, "persist-credentials", True):
        result.notes.append("checkout persist-credentials: no credentials to persist locally")
        return
    if not (repo / ".git").is_dir():
        result.notes.append(
            "checkout persist-credentials false: .git is shared (a worktree); config left alone"
        )
        return
    found = git.query(repo, "config", "--local", "--name-only", "--get-regexp", CREDENTIAL_KEYS)
    for key in sorted(set((found or "").split())):
        call.run_command(["git", "config", "--local", "--unset-all", key], cwd=repo)
        call.log(f"removed {key} from the workspace's git config")


def _current_ref(repo: Path) -> str:
    branch = git.query(repo, "symbolic-ref", "--quiet", "HEAD")
    return branch or ""
