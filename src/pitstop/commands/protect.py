"""`pitstop protect [PATH]`: apply `.github/rulesets/main.json` to the GitHub repository.

Prints the `gh api` command that applies it. With `GITHUB_TOKEN` set and github.com
reachable, pitstop applies it itself; otherwise it says it could not, and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from pitstop.errors import PitstopError
from pitstop.github import git

HELP = "apply the branch ruleset (requires ci-success and pull requests) on GitHub"
RULESET = ".github/rulesets/main.json"
API = "https://api.github.com"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", help="the project (default: .)")
    parser.add_argument("--repo", help="OWNER/NAME (default: from the origin remote)")


def run(args: argparse.Namespace) -> int:
    root = Path(args.path).resolve()
    ruleset = root / RULESET
    if not ruleset.is_file():
        raise PitstopError(f"{ruleset} does not exist", hint="run `pitstop init` first")
    repo = args.repo or repository(root)
    print("apply the ruleset with:")
    print(f"  gh api --method POST repos/{repo}/rulesets --input {RULESET}")
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        print("not applied: GITHUB_TOKEN is not set; run the command above, or set it and retry")
        return 1
    return apply(ruleset.read_bytes(), repo, token)


def repository(root: Path) -> str:
    found = git.remote(root)
    if found is None or found.host != "github.com":
        raise PitstopError(
            "cannot tell the GitHub repository: no github.com `origin` remote",
            hint="pass --repo OWNER/NAME",
        )
    return found.repository


def apply(body: bytes, repo: str, token: str) -> int:
    api = os.environ.get("PITSTOP_GITHUB_API", API)
    request = urllib.request.Request(
        f"{api}/repos/{repo}/rulesets",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            created = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        print(f"not applied: GitHub answered {exc.code} {exc.reason}")
        return 1
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        print(f"not applied: could not reach {api} ({reason}); run the command above when online")
        return 1
    print(f"applied: ruleset {created.get('id', '?')} on {repo}")
    return 0
