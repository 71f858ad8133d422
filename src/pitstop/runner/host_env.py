"""The environment steps inherit from the host: yours, minus credentials and what pitstop owns.

Steps run natively, so they see your PATH, locale and tool settings. The rule is "everything,
except these named families" (a deny list, so that your toolchain variables keep working):

- pitstop's own: `PITSTOP_SECRET_*` (secrets reach steps only through `secrets.*`), and the
  Python environment pitstop may be running in (an activated virtualenv and its `bin` on
  PATH, PYTHONPATH, PYTHONHOME), so that a step's `pip install` never lands in pitstop's own
  environment;
- where you live: HOME and the XDG base directories (XDG_RUNTIME_DIR too: agent sockets and
  keyrings live there); each job gets its own (`job_home`);
- credential plumbing: `DENIED` names (SSH and GPG agents, askpass helpers, git's ssh and
  config-injection variables, netrc, Docker and Kubernetes configs), `DENIED_PREFIXES` (cloud
  and forge credentials: `AWS_`, `GH_`, `GITHUB_` ... GitHub's own variables are set afresh
  for each step), and any name with a word of `DENIED_WORDS` (`TOKEN`, `SECRET`, `PASSWORD`,
  `AUTH`, ...) or `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `SECRET_KEY` in it;
- git's repository-location variables (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`, ...):
  set when pitstop runs from a git hook, they would make a step's git act on your checkout.

A value a workflow needs from you is passed explicitly: `--secret`, `--var`, or `env:`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pitstop.runner.secrets import ENV_PREFIX

PYTHON_VARIABLES = ("VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "PYTHONPATH", "PYTHONHOME")
HOME_VARIABLES = (
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    "ZDOTDIR",
)
DENIED = frozenset(
    {
        *PYTHON_VARIABLES,
        *HOME_VARIABLES,
        "SSH_AUTH_SOCK",
        "SSH_AGENT_PID",
        "SSH_ASKPASS",
        "SSH_ASKPASS_REQUIRE",
        "GIT_ASKPASS",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_PROXY_COMMAND",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_COUNT",
        "GIT_CONFIG_PARAMETERS",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
        "GIT_PREFIX",
        "GPG_AGENT_INFO",
        "GNUPGHOME",
        "NETRC",
        "KRB5CCNAME",
        "DBUS_SESSION_BUS_ADDRESS",
        "DOCKER_CONFIG",
        "DOCKER_HOST",
        "KUBECONFIG",
        "PYPIRC",
        "NPM_CONFIG_USERCONFIG",
        "npm_config_userconfig",
    }
)
DENIED_PREFIXES = (
    ENV_PREFIX,
    "GIT_CONFIG_KEY_",
    "GIT_CONFIG_VALUE_",
    "AWS_",
    "AZURE_",
    "ARM_",
    "GOOGLE_",
    "GCLOUD_",
    "CLOUDSDK_",
    "DIGITALOCEAN_",
    "HEROKU_",
    "GH_",
    "GITHUB_",
    "GITLAB_",
    "VAULT_",
    "OP_",
    "TWINE_",
    "HF_",
)
# Words of a name (split at `_`) that mark a credential: `NPM_TOKEN`, `DB_PASSWORD`,
# `npm_config__authToken`; not `GIT_AUTHOR_NAME`.
DENIED_WORDS = frozenset(
    {
        "TOKEN",
        "TOKENS",
        "AUTHTOKEN",
        "SECRET",
        "SECRETS",
        "PASSWORD",
        "PASSWD",
        "CREDENTIAL",
        "CREDENTIALS",
        "AUTH",
        "APIKEY",
    }
)
DENIED_PAIRS = ("API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "SECRET_KEY")


def denied(name: str) -> bool:
    """True when the host variable `name` must not reach a step (module docstring)."""
    upper = name.upper()
    return (
        name in DENIED
        or upper.startswith(DENIED_PREFIXES)
        or not DENIED_WORDS.isdisjoint(upper.split("_"))
        or any(pair in upper for pair in DENIED_PAIRS)
    )


def host_environment(environ: Mapping[str, str]) -> dict[str, str]:
    env = {key: value for key, value in environ.items() if not denied(key)}
    venv = environ.get("VIRTUAL_ENV")
    if venv and "PATH" in env:
        own = str(Path(venv) / "bin")
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != own)
    env.update(tool_locations(environ))
    return env


def tool_locations(environ: Mapping[str, str]) -> dict[str, str]:
    """Where your version managers keep their interpreters, stated explicitly, so that a
    Python or Node found under your real home (pyenv, uv, asdf, mise, nvm) keeps working when
    a job's HOME moves into the run dir. Only folders that exist; a value you set is kept."""
    home = Path(environ.get("HOME") or Path.home())
    data = Path(environ.get("XDG_DATA_HOME") or home / ".local/share")
    found: dict[str, str] = {}
    for name, default in (
        ("PYENV_ROOT", home / ".pyenv"),
        ("UV_PYTHON_INSTALL_DIR", data / "uv/python"),
        ("ASDF_DATA_DIR", home / ".asdf"),
        ("MISE_DATA_DIR", data / "mise"),
        ("NVM_DIR", home / ".nvm"),
    ):
        if environ.get(name):
            found[name] = environ[name]
        elif default.is_dir():
            found[name] = str(default)
    return found
