"""Steps shared by the generated workflows: checkout, Python, the install, the caches.

Naming convention for steps that need the internet beyond PyPI and npm (vulnerability
databases, Codecov, GitHub's code-scanning and attestation APIs): the step has an `id:` and
its `name:` starts with `NETWORK_MARK`. See docs/generated-workflows.md.
"""

from __future__ import annotations

from pitstop.detect.project import Project
from pitstop.generate._yaml import Uses
from pitstop.generate.pins import uses

NETWORK_MARK = "[network] "
RUNNER = "ubuntu-24.04"
PIP_AUDIT = "2.10.1"
PRE_COMMIT = "4.7.0"
POETRY = "2.5.1"
PIPENV = "2026.10.3"
COVERAGE = "7.17.3"

Step = dict[str, object]


def network(name: str, step_id: str, step: Step) -> Step:
    """A step that needs the internet: named with the mark and given an id."""
    return {"name": NETWORK_MARK + name, "id": step_id, **step}


def checkout() -> Step:
    return {
        "name": "Check out the repository",
        "uses": Uses(uses("actions/checkout")),
        "with": {"persist-credentials": False},
    }


def setup_python(version: str) -> Step:
    return {
        "name": "Set up Python",
        "uses": Uses(uses("actions/setup-python")),
        "with": {"python-version": version},
    }


def lock_hash(project: Project) -> str:
    deps = project.dependencies
    if (
        deps.manager == "pip"
        and all(f.startswith("requirements/") and f.endswith(".lock") for f in deps.lock_files)
        and deps.lock_files
    ):
        return "hashFiles('requirements/*.lock')"
    files = ", ".join(f"'{f}'" for f in deps.cache_glob)
    return f"hashFiles({files})"


CACHE_DIRS = {
    "pip": "~/.cache/pip",
    "uv": "~/.cache/uv",
    "poetry": "~/.cache/pypoetry\n~/.cache/pip",
    "pipenv": "~/.cache/pipenv\n~/.cache/pip",
}


def dependency_cache(project: Project, python: str) -> Step:
    manager = project.dependencies.manager
    key = f"{manager}-${{{{ runner.os }}}}-py{python}-${{{{ {lock_hash(project)} }}}}"
    return {
        "name": "Cache the Python dependencies",
        "uses": Uses(uses("actions/cache")),
        "with": {"path": CACHE_DIRS[manager], "key": key},
    }


def install(project: Project, *, dev: bool = True) -> list[Step]:
    """Steps that install the locked dependencies into the job's Python."""
    deps = project.dependencies
    if deps.manager == "uv":
        return [
            {"name": "Set up uv", "uses": Uses(uses("astral-sh/setup-uv"))},
            {
                "name": "Install the locked dependencies",
                "env": {"UV_PYTHON_DOWNLOADS": "never"},
                "run": "uv sync --locked --all-extras --python python"
                + ("" if dev else " --no-dev")
                + '\necho "$PWD/.venv/bin" >> "$GITHUB_PATH"\n',
            },
        ]
    if deps.manager == "poetry":
        return [
            {
                "name": "Install the locked dependencies",
                "run": f'python -m pip install "poetry=={POETRY}"\n'
                "poetry config virtualenvs.in-project true\n"
                "poetry install --no-interaction --no-root --all-extras"
                + ("" if dev else " --only main")
                + '\necho "$PWD/.venv/bin" >> "$GITHUB_PATH"\n',
            }
        ]
    if deps.manager == "pipenv":
        return [
            {
                "name": "Install the locked dependencies",
                "run": f'python -m pip install "pipenv=={PIPENV}"\n'
                "pipenv install --deploy --system" + (" --dev" if dev else "") + "\n",
            }
        ]
    lock = deps.dev_lock if dev else deps.prod_lock
    if lock is None:
        return []
    hashes = "--require-hashes " if deps.hashed else ""
    return [
        {
            "name": "Install the locked dependencies",
            "run": f"python -m pip install {hashes}-r {lock}",
        }
    ]


def pinned_tool(project: Project, package: str, version: str) -> list[Step]:
    """Install a tool at a pinned version unless the lock already provides it."""
    if project.dependencies.pinned(package):
        return []
    return [{"name": f"Install {package}", "run": f'python -m pip install "{package}=={version}"'}]


def upload(name: str, path: str, *, missing: str = "error", hidden: bool = False) -> Step:
    with_: dict[str, object] = {"name": name, "path": path, "if-no-files-found": missing}
    if hidden:
        with_["include-hidden-files"] = True
    return {"name": f"Upload {name}", "uses": Uses(uses("actions/upload-artifact")), "with": with_}


def download(name: str, path: str) -> Step:
    return {
        "name": f"Download {name}",
        "uses": Uses(uses("actions/download-artifact")),
        "with": {"name": name, "path": path},
    }


def assets_dir(project: Project) -> str:
    """Where the frontend artifact is unpacked: the output folder, or the output file's."""
    assert project.frontend is not None
    output = project.frontend.output
    parent, _, last = output.rpartition("/")
    return (parent or ".") if "." in last else output
