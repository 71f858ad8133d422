"""Steps shared by the generated workflows: checkout, Python, the install, the caches.

Naming convention for steps that need the internet beyond PyPI and npm (vulnerability
databases, Codecov, GitHub's code-scanning and attestation APIs): the step has an `id:` and
its `name:` starts with the mark of `pitstop.github.network`. See docs/generated-workflows.md.
"""

from __future__ import annotations

from collections.abc import Callable

from pitstop.detect.project import Project
from pitstop.generate import install_sets
from pitstop.generate._yaml import Uses
from pitstop.generate.install_sets import InstallSet
from pitstop.generate.pins import uses
from pitstop.generate.tool_versions import version
from pitstop.github.network import network_step_name

RUNNER = "ubuntu-24.04"

Step = dict[str, object]


def network(name: str, step_id: str, step: Step) -> Step:
    """A step that needs the internet: named with the mark and given an id."""
    return {"name": network_step_name(name), "id": step_id, **step}


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


def lock_hash(project: Project, *more: str) -> str:
    """`hashFiles(...)` of the project's lock files (and `more` patterns)."""
    deps = project.dependencies
    if (
        deps.manager == "pip"
        and all(f.startswith("requirements/") and f.endswith(".lock") for f in deps.lock_files)
        and deps.lock_files
    ):
        patterns = ["requirements/*.lock"]
    else:
        patterns = list(deps.cache_glob)
    files = ", ".join(f"'{f}'" for f in [*patterns, *more])
    return f"hashFiles({files})"


CACHE_DIRS = {
    "pip": "~/.cache/pip",
    "uv": "~/.cache/uv",
    "poetry": "~/.cache/pypoetry\n~/.cache/pip",
    "pipenv": "~/.cache/pipenv\n~/.cache/pip",
    "pdm": "~/.cache/pdm\n~/.cache/pip",
}


def dependency_cache(project: Project, python: str) -> Step:
    manager = project.dependencies.manager
    key = f"{manager}-${{{{ runner.os }}}}-py{python}-${{{{ {lock_hash(project)} }}}}"
    return {
        "name": "Cache the Python dependencies",
        "uses": Uses(uses("actions/cache")),
        "with": {"path": CACHE_DIRS[manager], "key": key},
    }


# Where mypy reads its options: a change there starts a fresh cache (mypy would re-check anyway).
MYPY_CONFIGS = ("mypy.ini", ".mypy.ini", "pyproject.toml", "setup.cfg")


def mypy_cache(project: Project, python: str, job: str) -> Step:
    """Keep mypy's incremental cache (`.mypy_cache`) from one run of the job to the next.

    mypy then re-checks only what changed, and it checks every cached result itself (a source,
    an option, an installed package that differs is checked again), so an old cache costs
    time, never a wrong result. The key follows the locked dependencies (whose stubs are most
    of the cache) and mypy's settings; each job has its own, so two jobs never race to save
    the same key."""
    hashed = lock_hash(project, *MYPY_CONFIGS)
    return {
        "name": "Cache mypy's results",
        "uses": Uses(uses("actions/cache")),
        "with": {
            "path": ".mypy_cache",
            "key": f"mypy-{job}-${{{{ runner.os }}}}-py{python}-${{{{ {hashed} }}}}",
        },
    }


def install(project: Project, job: str = "test") -> list[Step]:
    """Steps that install the job's set (see install_sets) into the job's Python."""
    chosen = install_sets.for_job(project, job)
    manager = project.dependencies.manager
    steps = INSTALLERS[manager](chosen)
    if chosen.tools:
        pip = "uv pip install" if manager == "uv" else "python -m pip install"
        steps.append(
            {
                "name": "Install the tools the project does not provide",
                "run": pip + "".join(f' "{tool}"' for tool in chosen.tools),
            }
        )
    return steps


def _uv(chosen: InstallSet) -> list[Step]:
    if chosen.purpose == "development":
        flags = " --all-extras --all-groups"
    else:
        flags = " --no-default-groups" + "".join(
            [f" --group {g}" for g in chosen.groups] + [f" --extra {e}" for e in chosen.extras]
        )
    return [
        {"name": "Set up uv", "uses": Uses(uses("astral-sh/setup-uv"))},
        {
            "name": "Install the locked dependencies",
            "env": {"UV_PYTHON_DOWNLOADS": "never"},
            "run": f"uv sync --locked{flags} --python {THIS_PYTHON}\n" + ON_PATH,
        },
    ]


def _poetry(chosen: InstallSet) -> list[Step]:
    poetry = version("poetry", chosen.python)
    if chosen.purpose == "development" and poetry.startswith("1."):  # no --all-groups before 2.0
        flags = " --all-extras" + (f" --with {','.join(chosen.groups)}" if chosen.groups else "")
    elif chosen.purpose == "development":
        flags = " --all-extras --all-groups"
    else:
        flags = " --only " + ",".join(("main", *chosen.groups))
        flags += "".join(f" --extras {e}" for e in chosen.extras)
    return [
        {
            "name": "Install the locked dependencies",
            "run": f'python -m pip install "poetry=={poetry}"\n'
            "poetry config virtualenvs.in-project true\n"
            f"poetry install --no-interaction --no-root{flags}\n" + ON_PATH,
        }
    ]


def _pdm(chosen: InstallSet) -> list[Step]:
    if chosen.purpose == "development":
        flags = " --dev -G :all"
    else:
        flags = " --prod" + "".join(f" -G {name}" for name in (*chosen.groups, *chosen.extras))
    return [
        {
            "name": "Install the locked dependencies",
            "run": f'python -m pip install "pdm=={version("pdm", chosen.python)}"\n'
            "pdm config python.use_venv true\n"
            "pdm config venv.with_pip true\n"
            f"pdm sync --no-self{flags}\n" + ON_PATH,
        }
    ]


def _pipenv(chosen: InstallSet) -> list[Step]:
    dev = " --dev" if chosen.purpose == "development" else ""
    return [
        {
            "name": "Install the locked dependencies",
            "run": f'python -m pip install "pipenv=={version("pipenv", chosen.python)}"\n'
            f"pipenv install --deploy --system{dev}\n",
        }
    ]


def _pip(chosen: InstallSet) -> list[Step]:
    """One pip run per hash mode: pip refuses unhashed entries once any entry has a hash."""
    if chosen.pyproject:
        return _pyproject(chosen)
    hashed = [f for f in chosen.files if f in chosen.hashed_files]
    plain = [f for f in chosen.files if f not in chosen.hashed_files]
    lines = []
    if hashed:
        lines.append("python -m pip install --require-hashes" + _dash_r(hashed))
    if plain:
        lines.append("python -m pip install" + _dash_r(plain))
    if not lines:
        return []
    return [{"name": "Install the locked dependencies", "run": "\n".join(lines)}]


def _pyproject(chosen: InstallSet) -> list[Step]:
    """No lock and no requirements file: uv reads the pyproject's lists without a build."""
    flags = "".join(
        [f" --extra {e}" for e in chosen.extras] + [f" --group {g}" for g in chosen.groups]
    )
    return [
        {
            "name": "Install the dependencies the pyproject declares",
            "run": f'python -m pip install "uv=={version("uv", chosen.python)}"\n'
            f"uv pip install --python {THIS_PYTHON} -r pyproject.toml{flags}\n",
        }
    ]


def _dash_r(files: list[str]) -> str:
    return "".join(f" -r {f}" for f in files)


# uv reads `--python python` as "any Python" and skips interpreters inside a virtualenv; a path
# names the one setup-python put first on PATH.
THIS_PYTHON = '"$(command -v python)"'
ON_PATH = 'echo "$PWD/.venv/bin" >> "$GITHUB_PATH"\n'
INSTALLERS: dict[str, Callable[[InstallSet], list[Step]]] = {
    "pip": _pip,
    "uv": _uv,
    "poetry": _poetry,
    "pdm": _pdm,
    "pipenv": _pipenv,
}


def pinned_tool(project: Project, package: str, version: str) -> list[Step]:
    """Install a tool at a pinned version unless the project already provides it."""
    if project.dependencies.declared(package):
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
