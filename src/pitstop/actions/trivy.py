"""aquasecurity/setup-trivy and aquasecurity/trivy-action with a local trivy.

Both need `trivy` on the step's PATH; without it the step fails with how to install it,
never green. A `version` input (`v0.56.2` or `0.56.2`) must equal `trivy --version`;
`latest` cannot be checked offline and is noted.

setup-trivy honours `version`, and accepts `cache`, `path`, `token`, `github-server-url`
without local effect; it puts the local trivy's folder on PATH.

trivy-action honours `scan-type` (`fs`, `rootfs`, `config`; image and repo scans need a
registry or the network and are refused), `scan-ref` (default `.`), `format`, `template`,
`output`, `severity`, `exit-code`, `ignore-unfixed`, `vuln-type`, `scanners`, `skip-dirs`,
`skip-files`, `timeout`, `list-all-pkgs`, `trivy-config`, `trivyignores`, `cache-dir`,
`limit-severities-for-sarif` (as the action: a SARIF report lists all severities unless it is
true), `version`; `hide-progress`, `cache`, `skip-setup-trivy`, `github-pat`,
`token-setup-trivy`, `docker-host`, `tf-vars`, `ignore-policy`, `input` are accepted
(`input`/`ignore-policy`/`tf-vars` are passed on).

The vulnerability database. Scans that use the `vuln` scanner need trivy's DB. When the DB is
already in trivy's cache (`cache-dir`, `TRIVY_CACHE_DIR` or `~/.cache/trivy`), the scan runs
with `--skip-db-update` and the DB's date is noted. Otherwise pitstop asks trivy to download it
(`--download-db-only`); when that fails (offline), the step FAILS with the note
"not verified (offline): trivy vulnerability scan (no vulnerability DB)" - a scan that could
not run is never reported as passed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pitstop.actions import inputs, probe, pythons, tools
from pitstop.actions.base import ActionCall, ActionResult, Annotation

SETUP_INPUTS = ("version", "cache", "path", "token", "github-server-url")
SCAN_INPUTS = (
    "scan-type", "image-ref", "input", "scan-ref", "exit-code", "ignore-unfixed", "vuln-type",
    "severity", "format", "template", "output", "skip-dirs", "skip-files", "cache-dir",
    "timeout", "ignore-policy", "hide-progress", "list-all-pkgs", "scanners", "trivyignores",
    "github-pat", "trivy-config", "tf-vars", "limit-severities-for-sarif", "docker-host",
    "version", "cache", "skip-setup-trivy", "token-setup-trivy",
)  # fmt: skip
LOCAL_SCAN_TYPES = ("fs", "rootfs", "config")
ALL_SEVERITIES = "UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL"
NO_DB_NOTE = "not verified (offline): trivy vulnerability scan (no vulnerability DB)"
INSTALL_HINT = (
    "install trivy (https://trivy.dev/latest/getting-started/installation/, e.g. the .deb "
    "from its GitHub releases or `brew install trivy`) and make sure it is on PATH"
)


def find_trivy(call: ActionCall, result: ActionResult) -> Path:
    trivy = tools.find("trivy", call.env)
    if trivy is None:
        raise inputs.error(call, "trivy is not installed; nothing was scanned", hint=INSTALL_HINT)
    answer = probe.output([trivy, "--version"], env=dict(call.env)) or ""
    line = next((x for x in answer.splitlines() if x.startswith("Version:")), "")
    local = pythons.version_of(line)
    if local is None:
        raise inputs.error(call, f"{trivy} --version did not report a version")
    shown = "v" + ".".join(map(str, local))
    wanted = inputs.text(call, "version")
    if wanted == "latest":
        result.notes.append(f"trivy version latest: not checked offline; local trivy {shown}")
    elif wanted and pythons.version_of(wanted) != local:
        raise inputs.error(
            call,
            f"trivy {wanted} was requested but the local trivy is {shown}",
            hint=f"install trivy {wanted}; a pinned version must match exactly",
        )
    elif not wanted:
        result.notes.append(f"trivy: no version pinned; local trivy {shown} used")
    return trivy


class Setup:
    INPUTS = SETUP_INPUTS

    def run(self, call: ActionCall) -> ActionResult:
        inputs.check_inputs(call, self.INPUTS)
        result = ActionResult()
        trivy = find_trivy(call, result)
        result.path.append(str(trivy.parent))
        return result


class Scan:
    INPUTS = SCAN_INPUTS

    def run(self, call: ActionCall) -> ActionResult:
        inputs.check_inputs(call, self.INPUTS)
        scan_type = inputs.text(call, "scan-type", "image")
        if scan_type not in LOCAL_SCAN_TYPES:
            raise inputs.error(
                call,
                f"scan-type {scan_type} needs a container registry or the network",
                hint=f"pitstop runs the local scan types: {', '.join(LOCAL_SCAN_TYPES)}",
            )
        result = ActionResult()
        trivy = find_trivy(call, result)
        argv = [str(trivy), scan_type, *options(call)]
        if uses_vulnerability_db(call, scan_type):
            if not _ensure_db(call, result, trivy):
                return result
            argv.append("--skip-db-update")
        argv.append(inputs.text(call, "image-ref") or inputs.text(call, "scan-ref", "."))
        code = call.run_command(argv, env=dict(call.env), cwd=call.workspace)
        if code != 0:
            result.conclusion = "failure"
            result.annotations.append(Annotation("error", f"trivy exited with code {code}"))
        return result


def options(call: ActionCall) -> list[str]:
    fmt = inputs.text(call, "format", "table")
    severity = inputs.text(call, "severity", ALL_SEVERITIES)
    if fmt == "sarif" and not inputs.boolean(call, "limit-severities-for-sarif", False):
        severity = ALL_SEVERITIES
    argv = ["--format", fmt, "--severity", severity, "--cache-dir", str(cache_dir(call))]
    for name, flag in (
        ("template", "--template"), ("output", "--output"), ("exit-code", "--exit-code"),
        ("vuln-type", "--pkg-types"), ("scanners", "--scanners"), ("timeout", "--timeout"),
        ("trivy-config", "--config"), ("input", "--input"), ("ignore-policy", "--ignore-policy"),
        ("tf-vars", "--tf-vars"),
    ):  # fmt: skip
        if inputs.text(call, name):
            argv += [flag, inputs.text(call, name)]
    for name, flag in (("skip-dirs", "--skip-dirs"), ("skip-files", "--skip-files")):
        for item in inputs.text(call, name).split(","):
            if item.strip():
                argv += [flag, item.strip()]
    for name, flag in (
        ("ignore-unfixed", "--ignore-unfixed"),
        ("list-all-pkgs", "--list-all-pkgs"),
    ):
        if inputs.boolean(call, name, False):
            argv.append(flag)
    ignores = [f.strip() for f in inputs.text(call, "trivyignores").split(",") if f.strip()]
    for file in ignores:
        if not (call.workspace / file).is_file():
            raise inputs.error(call, f"cannot find ignorefile '{file}'")
        argv += ["--ignorefile", file]
    return argv


def uses_vulnerability_db(call: ActionCall, scan_type: str) -> bool:
    scanners = inputs.text(call, "scanners", "vuln,secret")
    return scan_type != "config" and "vuln" in scanners.split(",")


def cache_dir(call: ActionCall) -> Path:
    given = inputs.text(call, "cache-dir") or call.env.get("TRIVY_CACHE_DIR")
    if given:
        return call.workspace / given
    home = Path(call.env.get("HOME") or Path.home())
    base = call.env.get("XDG_CACHE_HOME") or os.fspath(home / ".cache")
    return Path(base) / "trivy"


def _ensure_db(call: ActionCall, result: ActionResult, trivy: Path) -> bool:
    db = cache_dir(call) / "db"
    if not (db / "trivy.db").is_file():
        argv = [str(trivy), "fs", "--download-db-only", "--cache-dir", str(cache_dir(call))]
        if call.run_command(argv, env=dict(call.env), cwd=call.workspace) != 0:
            result.conclusion = "failure"
            result.notes.append(NO_DB_NOTE)
            result.annotations.append(
                Annotation(
                    "error", "trivy could not download its vulnerability DB; nothing was scanned"
                )
            )
            return False
    result.notes.append(f"trivy vulnerability DB: {_db_date(db)} (not refreshed)")
    return True


def _db_date(db: Path) -> str:
    try:
        return str(json.loads((db / "metadata.json").read_text(encoding="utf-8"))["UpdatedAt"])
    except (OSError, ValueError, KeyError, TypeError):
        return "date unknown"


setup = Setup()
scan = Scan()
