"""actions/setup-node, natively: the local node, checked against the requested version.

Honoured inputs:
- `node-version` (`20`, `20.x`, `20.11.1`, `>=18 <21`, `lts/*`, `lts/iron`, `node`,
  `latest`, `current`) and `node-version-file` (`.nvmrc`, `.node-version`, `.tool-versions`
  `nodejs` line, `package.json` `volta.node` or `engines.node`).
  A different major version (GitHub would provide it) makes the step "not verified (no local
  Node 24)" and halts the job: its later steps would run on another node. Set
  `PITSTOP_ALLOW_NODE_MISMATCH=1` (in the environment of pitstop or of the job) to run with the
  local node anyway: the mismatch is then a loud note in the summary. A same-major
  difference is noted. Aliases (`lts/*`, `latest`, ...) cannot be resolved offline: the local
  node is used and that is noted.
- `cache: npm`: npm uses its own local cache (`npm config get cache`); nothing restored or
  saved, `cache-hit` is `false`. As on GitHub, a lock file must exist (`package-lock.json`,
  `npm-shrinkwrap.json`, or `cache-dependency-path`). yarn and pnpm are refused.
- `registry-url`, `scope`, `always-auth`: an `.npmrc` in `RUNNER_TEMP`, exported as
  `NPM_CONFIG_USERCONFIG` with `NODE_AUTH_TOKEN` as a placeholder, as setup-node does.
- Accepted without local effect: `architecture`, `check-latest`, `token`, `mirror`,
  `mirror-token`, `package-manager-cache`.

Adds the node's folder to PATH. Outputs `node-version` (as `node --version` prints it) and
`cache-hit` (with `cache`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlparse

from semantic_version import NpmSpec, Version

from pitstop.actions import inputs, probe, pythons, tools
from pitstop.actions.base import ActionCall, ActionResult, Annotation

INPUTS = (
    "node-version", "node-version-file", "architecture", "check-latest", "registry-url",
    "scope", "token", "cache", "package-manager-cache", "cache-dependency-path",
    "always-auth", "mirror", "mirror-token",
)  # fmt: skip
ALLOW_MISMATCH = "PITSTOP_ALLOW_NODE_MISMATCH"
ALIASES = ("node", "latest", "current", "lts/*")
LOCK_FILES = ("package-lock.json", "npm-shrinkwrap.json")


def run(call: ActionCall) -> ActionResult:
    inputs.check_inputs(call, INPUTS)
    result = ActionResult()
    node = tools.find("node", call.env)
    if node is None:
        raise inputs.error(
            call, "node is not installed", hint="install Node.js (e.g. apt install nodejs, nvm)"
        )
    printed = probe.output([node, "--version"], env=dict(call.env)) or ""
    version = pythons.version_of(printed)
    if version is None:
        raise inputs.error(call, f"{node} --version did not report a version")
    wanted = wanted_version(call)
    if wanted:
        _check(call, result, wanted, version)
    tools_of_node = [node.parent / name for name in ("node", "npm", "npx", "corepack")]
    result.path.append(str(tools.private_bin(_temp(call), "node", tools_of_node)))
    result.outputs["node-version"] = printed
    _cache(call, result)
    _registry(call, result)
    return result


def _temp(call: ActionCall) -> Path:
    temp = call.env.get("RUNNER_TEMP")
    return Path(temp) if temp else call.stores.tool_cache


def wanted_version(call: ActionCall) -> str:
    version = inputs.text(call, "node-version")
    file = inputs.text(call, "node-version-file")
    if version or not file:
        return version
    path = call.workspace / file
    if not path.is_file():
        raise inputs.error(call, f"the node-version-file {file} does not exist")
    text = path.read_text(encoding="utf-8")
    if path.name == "package.json":
        return _from_package_json(call, text)
    if path.name == ".tool-versions":
        words = [line.split() for line in text.splitlines()]
        return next((w[1] for w in words if len(w) > 1 and w[0] == "nodejs"), "")
    lines = [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]
    return lines[0].removeprefix("v") if lines else ""


def _from_package_json(call: ActionCall, text: str) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise inputs.error(call, f"package.json is not JSON: {exc}") from None
    volta = data.get("volta", {}).get("node")
    return str(volta or data.get("engines", {}).get("node") or "")


def _check(call: ActionCall, result: ActionResult, wanted: str, local: pythons.Version) -> None:
    shown = "v" + ".".join(map(str, local))
    if wanted in ALIASES or wanted.startswith("lts/"):
        result.notes.append(f"setup-node {wanted}: cannot be resolved offline; local node {shown}")
        return
    spec = npm_range(wanted)
    if spec is None:
        raise inputs.error(call, f"cannot read the node version {wanted!r}")
    if spec.match(Version(major=local[0], minor=local[1], patch=local[2])):
        return
    same_major = _same_major(wanted, spec, local[0])
    allowed = ALLOW_MISMATCH in call.env and call.env[ALLOW_MISMATCH] == "1"
    allowed = allowed or os.environ.get(ALLOW_MISMATCH) == "1"
    if same_major:
        result.notes.append(f"setup-node: {wanted} requested; local node {shown} used (same major)")
    elif allowed:
        message = f"setup-node: node {wanted} requested but {shown} used ({ALLOW_MISMATCH}=1)"
        result.notes.append(message)
        result.annotations.append(Annotation("warning", message))
    else:  # GitHub would provide it: not this job's failure, and nothing after it can tell
        result.verified = False
        result.halts_job = f"no local Node {wanted}"
        result.notes.append(
            f"not verified (no local Node {wanted}): the local node is {shown}, so the job's "
            f"later steps did not run; install it (nvm install {wanted}) or set "
            f"{ALLOW_MISMATCH}=1 to run them on {shown}"
        )


def npm_range(wanted: str) -> NpmSpec | None:
    """`node-version` as setup-node reads it: a node-semver range (`20`, `20.x`, `^20.1`,
    `>=18 <21`, `18 || 20`), by semantic_version's npm syntax; None when it is not one."""
    # node-semver allows a space after an operator (`>= 18`); semantic_version does not.
    text = re.sub(r"(<=|>=|<|>|=|~|\^)\s+", r"\1", wanted.strip())
    try:
        return NpmSpec(text)
    except ValueError:
        return None


def _same_major(wanted: str, spec: NpmSpec, major: int) -> bool:
    """Whether the range accepts a version of `major`: one of the versions it names."""
    named = re.findall(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", wanted)
    candidates = [Version(major=int(a), minor=int(b or 0), patch=int(c or 0)) for a, b, c in named]
    return any(v.major == major and spec.match(v) for v in candidates)


def _cache(call: ActionCall, result: ActionResult) -> None:
    manager = inputs.text(call, "cache")
    if not manager:
        return
    if manager != "npm":
        raise inputs.error(
            call, f"cache: {manager} is not supported locally", hint="use cache: npm"
        )
    lines = inputs.lines(call, "cache-dependency-path") or list(LOCK_FILES)
    if not any(not path.is_dir() for path in inputs.glob_paths(call, lines)):
        raise inputs.error(
            call,
            f"Dependencies lock file is not found in {call.workspace}. "
            f"Supported file patterns: {', '.join(lines)}",
        )
    folder = probe.output(["npm", "config", "get", "cache"], env=dict(call.env)) or "~/.npm"
    result.outputs["cache-hit"] = "false"
    result.notes.append(
        f"setup-node cache: npm uses its own local cache ({folder}); nothing restored or saved"
    )


def _registry(call: ActionCall, result: ActionResult) -> None:
    url = inputs.text(call, "registry-url")
    if not url:
        return
    url = url if url.endswith("/") else url + "/"
    scope = inputs.text(call, "scope")
    if scope and not scope.startswith("@"):
        scope = "@" + scope
    if not scope and "npm.pkg.github.com" in url:
        github = call.contexts.get("github")
        owner = github.get("repository_owner") if isinstance(github, dict) else None
        scope = f"@{owner}".lower() if owner else ""
    registry = f"{scope}:registry" if scope else "registry"
    host = urlparse(url)
    lines = [f"//{host.netloc}{host.path}:_authToken=${{NODE_AUTH_TOKEN}}", f"{registry}={url}"]
    if inputs.text(call, "always-auth"):
        lines.append(f"always-auth={inputs.text(call, 'always-auth')}")
    npmrc = Path(call.env.get("RUNNER_TEMP") or call.stores.tool_cache) / ".npmrc"
    npmrc.parent.mkdir(parents=True, exist_ok=True)
    npmrc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result.env["NPM_CONFIG_USERCONFIG"] = str(npmrc)
    result.env["NODE_AUTH_TOKEN"] = call.env.get("NODE_AUTH_TOKEN", "XXXXX-XXXXX-XXXXX-XXXXX")
