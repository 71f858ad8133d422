"""GitHub's shell table for `run:` steps (actions/runner `ScriptHandler`, Linux side).

- no `shell:` (and no `defaults.run.shell`): `bash -e {0}`, or `sh -e {0}` without bash. Note
  that this default has no `--noprofile --norc` and no `pipefail`;
- `shell: bash`: `bash --noprofile --norc -eo pipefail {0}`;
- `shell: sh`: `sh -e {0}`; `shell: python`: `python {0}`;
- `shell: pwsh` / `powershell`: `pwsh -command ". '{0}'"`, the script wrapped to stop on the
  first error and to exit with `$LASTEXITCODE` (an error if not installed);
- `shell: cmd`: Windows only, an error here;
- anything else is a custom template `command [args]` whose args must contain `{0}`
  (`perl {0}`); a known command with no args gets its default args (`shell: bash`).
The executable is looked up on the step's PATH (so setup-* actions' additions count). The
script is written, UTF-8 without BOM, to `<temp>/<uuid><ext>` with `.sh`, `.py`, `.ps1` or no
extension, as GitHub does in RUNNER_TEMP.
"""

from __future__ import annotations

import shlex
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from pitstop.errors import Location, PitstopError

# command -> (default argument template, script extension)
SHELLS: dict[str, tuple[str, str]] = {
    "bash": ("--noprofile --norc -eo pipefail {0}", ".sh"),
    "sh": ("-e {0}", ".sh"),
    "python": ("{0}", ".py"),
    "pwsh": ("-command \". '{0}'\"", ".ps1"),
    "powershell": ("-command \". '{0}'\"", ".ps1"),
    "cmd": ('/D /E:ON /V:OFF /S /C "CALL "{0}""', ".cmd"),
}
_POWERSHELL_PROLOGUE = "$ErrorActionPreference = 'stop'\n"
_POWERSHELL_EPILOGUE = (
    "\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }"
)


@dataclass(frozen=True)
class Shell:
    """A resolved shell: what runs, with which argument template, and the script extension."""

    command: str  # as named in the workflow, e.g. "bash"
    executable: str  # absolute path found on PATH
    arguments: str  # template containing {0}
    extension: str

    @property
    def display(self) -> str:
        """The line GitHub prints before the script: `shell: /usr/bin/bash -e {0}`."""
        return f"shell: {self.executable} {self.arguments}"

    def argv(self, script: Path) -> list[str]:
        return [
            self.executable,
            *(part.replace("{0}", str(script)) for part in shlex.split(self.arguments)),
        ]


@dataclass(frozen=True)
class PreparedScript:
    shell: Shell
    script: Path
    argv: tuple[str, ...]


def resolve_shell(shell: str | None, path: str, location: Location | None = None) -> Shell:
    """The shell for a `run:` step; `shell` is the step's (or defaults') value, None if unset."""
    if shell is None or shell.strip() == "":
        bash = shutil.which("bash", path=path)
        executable = bash or _which("sh", path, location)
        return Shell("sh", executable, SHELLS["sh"][0], ".sh")
    command, _, arguments = shell.strip().partition(" ")
    arguments = arguments.strip()
    default_arguments, extension = SHELLS.get(command, ("", ""))
    if command == "cmd":
        raise PitstopError(
            "`shell: cmd` only exists on Windows runners",
            location=location,
            hint="use bash, sh or python, or run this job on GitHub",
        )
    arguments = arguments or default_arguments
    if "{0}" not in arguments:
        raise PitstopError(
            f"invalid shell {shell!r}: a custom shell must contain {{0}}, where the script goes",
            location=location,
            hint="use bash, sh, python, pwsh, or e.g. `shell: perl {0}`",
        )
    return Shell(command, _which(command, path, location), arguments, extension)


def _which(command: str, path: str, location: Location | None) -> str:
    found = shutil.which(command, path=path)
    if found is None:
        hint = (
            "install PowerShell (pwsh) to run this step locally"
            if command in ("pwsh", "powershell")
            else f"install {command}, or add its directory to PATH (GITHUB_PATH)"
        )
        raise PitstopError(f"shell {command!r} not found on PATH", location=location, hint=hint)
    return found


def script_contents(command: str, script: str) -> str:
    """The script as GitHub writes it (PowerShell gets its stop-on-error wrapper)."""
    if command in ("pwsh", "powershell"):
        return _POWERSHELL_PROLOGUE + script + _POWERSHELL_EPILOGUE
    return script


def prepare_script(
    shell: str | None, script: str, temp_dir: Path, path: str, location: Location | None = None
) -> PreparedScript:
    """Resolve the shell, write the script into `temp_dir` and give the argv to run."""
    resolved = resolve_shell(shell, path, location)
    temp_dir.mkdir(parents=True, exist_ok=True)
    script_path = temp_dir / f"{uuid.uuid4()}{resolved.extension}"
    script_path.write_text(script_contents(resolved.command, script), encoding="utf-8")
    return PreparedScript(resolved, script_path, tuple(resolved.argv(script_path)))
