"""Hostile workflows: whatever a job does to its surroundings stays in the run dir.

Each test runs a real `pitstop run` (real git, real bash steps) with the user's HOME at a
temporary folder, and checks the home, the checkout and the remote byte for byte afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runner.hostile import Home, fingerprint, git, make_repo, run


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """HOME at a temporary folder; pitstop's cache and state outside it, so that the whole
    HOME must stay byte-identical."""
    user = Home(tmp_path / "real-home")
    user.populate()
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "PRE_COMMIT_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(user.path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "pitstop-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "pitstop-state"))
    return user


HOSTILE_HOME = """
on: push
jobs:
  hostile:
    runs-on: ubuntu-latest
    steps:
      - run: |
          git config --global user.name Mallory
          git config --global credential.helper store
          echo 'alias ls="rm -rf"' >> ~/.bashrc
          mkdir -p ~/.ssh && echo stolen > ~/.ssh/x && echo evil >> ~/.ssh/id_ed25519
          mkdir -p ~/.config && echo x > ~/.config/x && echo x > "$XDG_CONFIG_HOME/y"
          echo data > "$XDG_DATA_HOME/d" && echo state > "$XDG_STATE_HOME/s"
          echo cached > "$XDG_CACHE_HOME/c"
          for name in SSH_AUTH_SOCK GIT_ASKPASS SSH_ASKPASS GH_TOKEN GITHUB_TOKEN \\
                      AWS_SECRET_ACCESS_KEY NPM_TOKEN GIT_DIR; do
            if [ -n "$(printenv "$name")" ]; then echo "LEAKED $name"; exit 1; fi
          done
          echo "PIP_CACHE_DIR=$PIP_CACHE_DIR"
          echo "UV_CACHE_DIR=$UV_CACHE_DIR"
          echo "PRE_COMMIT_HOME=$PRE_COMMIT_HOME"
          echo "npm_config_cache=$npm_config_cache"
          echo "HOME=$HOME"
      - run: |
          test "$(git config --global user.name)" = Mallory  # the job's global config lasts
          grep -q 'rm -rf' ~/.bashrc
"""


def test_a_job_writing_to_its_home_never_reaches_the_users(
    tmp_path: Path, home: Home, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in {
        "SSH_AUTH_SOCK": "/tmp/agent.sock",
        "GIT_ASKPASS": "/usr/bin/true",
        "SSH_ASKPASS": "/usr/bin/true",
        "GH_TOKEN": "ghp_host_token",
        "GITHUB_TOKEN": "ghs_host_token",
        "AWS_SECRET_ACCESS_KEY": "aws-host-secret",
        "NPM_TOKEN": "npm-host-token",
    }.items():
        monkeypatch.setenv(name, value)
    repo = make_repo(tmp_path / "repo", {"README.md": "hi\n"}, HOSTILE_HOME)
    before = fingerprint(home.path)

    code, _ = run(repo, tmp_path / "run")

    out = capsys.readouterr().out
    assert code == 0, out
    assert fingerprint(home.path) == before
    job_home = tmp_path / "run" / "jobs" / "ci-hostile" / "home"
    assert "rm -rf" in (job_home / ".bashrc").read_text()
    assert (job_home / ".ssh" / "x").read_text() == "stolen\n"
    assert "Mallory" in (job_home / ".gitconfig").read_text()
    packages = tmp_path / "pitstop-cache" / "pitstop"
    for variable, folder in (
        ("PIP_CACHE_DIR", "pip"),
        ("UV_CACHE_DIR", "uv"),
        ("PRE_COMMIT_HOME", "pre-commit"),
        ("npm_config_cache", "npm"),
    ):
        cache = Path(printed(out, f"{variable}="))
        assert cache == packages / folder
    assert f"HOME={job_home}" in out


def test_package_caches_are_pitstops_and_stay_warm_across_repositories(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    """The uv cache of one repository's run (and of `pitstop init`'s settings probe) serves the
    next: a new repository, a prove copy, a test's scratch repository are not cold."""
    folders = []
    for name in ("one", "two"):
        repo = make_repo(tmp_path / name, {}, one_step('echo "C=$UV_CACHE_DIR"'))
        assert run(repo, tmp_path / f"run-{name}")[0] == 0
        folders.append(printed(capsys.readouterr().out, "C="))
    assert folders == [str(tmp_path / "pitstop-cache" / "pitstop" / "uv")] * 2


def test_python_under_the_real_home_still_found_when_home_moves(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pyenv under the user's real home: PYENV_ROOT is stated, so pyenv's shims and
    setup-python's discovery keep working with the job's HOME."""
    versions = home.path / ".pyenv" / "versions" / "3.99.0" / "bin"
    versions.mkdir(parents=True)
    monkeypatch.delenv("PYENV_ROOT", raising=False)
    repo = make_repo(tmp_path / "repo", {}, one_step('echo "R=$PYENV_ROOT"'))
    assert run(repo, tmp_path / "run")[0] == 0
    assert printed(capsys.readouterr().out, "R=") == str(home.path / ".pyenv")


def one_step(script: str) -> str:
    return f"on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: {script}\n"


def printed(out: str, marker: str) -> str:
    """What a step printed after `marker` (not the echo of the command itself)."""
    values = [line.split(marker, 1)[1] for line in out.splitlines() if marker in line]
    return next(value.strip() for value in values if "$" not in value)


def _bare_origin(tmp_path: Path) -> tuple[Path, Path]:
    """A real bare repository as `origin`, with main and feature; and a clone of it."""
    seed = make_repo(tmp_path / "seed", {"README.md": "hi\n"}, PUSHING.replace("{}", "x"))
    git(seed, "branch", "feature")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    git(clone, "fetch", "-q", "origin", "feature:refs/remotes/origin/feature")
    return bare, clone


PUSHING = """
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: |
          git -c user.name=M -c user.email=m@example.com commit -q --allow-empty -m nightly
          git push --force origin HEAD:refs/heads/nightly
          git push --force origin HEAD~0:refs/heads/main
          git push --force "{}" HEAD:refs/heads/by-url
          git push origin --delete feature
          git rev-parse HEAD > "$RUNNER_TEMP/../pushed-sha"
  later:
    needs: deploy
    runs-on: ubuntu-latest
    steps:
      - run: git fetch -q origin nightly && git log -1 --format=%s FETCH_HEAD | grep -qx nightly
"""


def test_a_force_push_lands_in_the_sandbox_and_is_listed(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    bare, clone = _bare_origin(tmp_path)
    (clone / ".github/workflows/ci.yml").write_text(PUSHING.replace("{}", str(bare)))
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "workflow with the real URL")
    remote_before = fingerprint(bare)
    clone_before = fingerprint(clone)

    code, document = run(clone, tmp_path / "run")

    out = capsys.readouterr().out
    assert code == 0, out
    assert fingerprint(bare) == remote_before
    assert fingerprint(clone) == clone_before
    sha = (tmp_path / "run" / "jobs" / "ci-deploy" / "pushed-sha").read_text().strip()
    pushes = {(p["remote"], p["ref"]): p for p in document["pushes"]}
    assert set(pushes) == {
        ("origin", "refs/heads/nightly"),
        ("origin", "refs/heads/main"),
        ("origin", "refs/heads/by-url"),
        ("origin", "refs/heads/feature"),
    }
    assert pushes[("origin", "refs/heads/nightly")]["sha"] == sha
    assert pushes[("origin", "refs/heads/nightly")]["url"] == str(bare)
    assert pushes[("origin", "refs/heads/feature")]["sha"] is None
    assert pushes[("origin", "refs/heads/main")]["before"] == git(bare, "rev-parse", "main")
    assert f"would have pushed origin refs/heads/nightly <- {sha[:7]}" in out


LINKS = """
on: push
jobs:
  links:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo pwned > abs-link || true
          echo pwned > rel-link || true
          echo pwned > dir-link/new.txt || true
          cat abs-link && exit 1 || true
          test -L abs-link  # still a link, to a path that does not exist
          echo ok > inside-link
      - run: echo payload > payload.txt
      - uses: actions/upload-artifact@v4
        with:
          name: payload
          path: payload.txt
      - id: into-checkout
        continue-on-error: true
        uses: actions/download-artifact@v4
        with:
          name: payload
          path: {repo}
      - id: through-link
        continue-on-error: true
        uses: actions/download-artifact@v4
        with:
          name: payload
          path: dir-link
      - id: cd-checkout
        continue-on-error: true
        working-directory: {repo}
        run: echo pwned > pwned.txt
      - id: cd-up
        continue-on-error: true
        working-directory: ../../..
        run: echo pwned > pwned.txt
      - run: |
          test "${{{{ steps.into-checkout.outcome }}}}" = failure
          test "${{{{ steps.through-link.outcome }}}}" = failure
          test "${{{{ steps.cd-checkout.outcome }}}}" = failure
          test "${{{{ steps.cd-up.outcome }}}}" = failure
          grep -qx ok src/app.py
"""


def test_the_checkout_is_read_only_to_a_run(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    up = "../" * (len(repo.parts) + 3)
    files = {"src/app.py": "print('hi')\n", ".gitignore": "*.local\n"}
    repo = make_repo(
        repo, files, LINKS.replace("{repo}", str(repo)).replace("{{", "{").replace("}}", "}")
    )
    (repo / "abs-link").symlink_to(repo / "notes.local")  # absolute, into the checkout
    (repo / "rel-link").symlink_to(f"{up}{str(repo / 'src/app.py').lstrip('/')}")
    (repo / "dir-link").symlink_to(repo / "src")
    (repo / "inside-link").symlink_to("src/app.py")  # stays inside: kept
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    (repo / "notes.local").write_text("ignored, the user's own\n")
    (repo / "untracked.txt").write_text("untracked\n")
    (repo / "README.md").write_text("an uncommitted edit\n")
    before = fingerprint(repo)

    code, document = run(repo, tmp_path / "run")

    out = capsys.readouterr().out
    assert fingerprint(repo) == before
    assert code == 0, out
    outcomes = [s["outcome"] for s in document["jobs"][0]["steps"]]
    assert outcomes[3:7] == ["failure"] * 4
    assert not (tmp_path / "run" / "pwned.txt").exists()
    assert "outside the job's folder" in out
    log = next((tmp_path / "run" / "logs").iterdir()).read_text()
    [dangling] = [line for line in log.splitlines() if "lead outside the repository" in line]
    assert sorted(dangling.split(": ", 1)[1].split(", ")) == ["abs-link", "dir-link", "rel-link"]


CACHING = """
on: push
jobs:
  cache:
    runs-on: ubuntu-latest
    steps:
      - id: restore
        uses: actions/cache@v4
        with:
          path: deps
          key: deps-{name}
          restore-keys: deps-
      - run: |
          echo "MATCHED=[${{ steps.restore.outputs.cache-hit }}]"
          mkdir -p deps && echo "content of {name}" > deps/lib.txt
"""


def test_restore_keys_never_restore_another_repositorys_cache(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    outs: list[str] = []
    for name in ("one", "two", "one"):
        folder = tmp_path / name
        repo = folder if folder.exists() else make_repo(folder, {}, CACHING.replace("{name}", name))
        assert run(repo, tmp_path / f"run-{name}-{len(outs)}")[0] == 0
        outs.append(printed(capsys.readouterr().out, "MATCHED="))
    assert outs == ["[]", "[]", "[true]"]  # the second repository saw nothing of the first


SEEDED = """
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: |
          test -x "$PRE_COMMIT_HOME/repo1234/py_env-python3.12/bin/black"
      - shell: python
        run: |
          import os, sqlite3
          db = sqlite3.connect(os.environ["PRE_COMMIT_HOME"] + "/db.db")
          print("STORE=" + db.execute("select path from repos").fetchone()[0])
      - run: |
          echo more >> "$PRE_COMMIT_HOME/repo1234/.pre-commit-hooks.yaml"
"""


def test_pre_commit_hooks_you_have_are_copied_never_written(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.runner.test_pre_commit_seed import make_store

    user_store = tmp_path / "pitstop-cache" / "pre-commit"  # XDG_CACHE_HOME/pre-commit
    make_store(user_store)
    before = fingerprint(user_store)
    files = {".pre-commit-config.yaml": "repos: []\n"}
    repo = make_repo(tmp_path / "repo", files, SEEDED)

    code, _ = run(repo, tmp_path / "run")

    out = capsys.readouterr().out
    assert code == 0, out
    assert fingerprint(user_store) == before
    store = tmp_path / "pitstop-cache" / "pitstop" / "pre-commit"
    assert printed(out, "STORE=") == str(store / "repo1234")


def test_a_token_in_a_remote_url_is_not_reported() -> None:
    from pitstop.runner.remotes import redacted

    assert redacted("https://x-access-token:ghp_abc@github.com/a/b.git") == (
        "https://***@github.com/a/b.git"
    )
    assert redacted("git@github.com:a/b.git") == "git@github.com:a/b.git"


SHARED_CACHE = """
on: push
jobs:
  deps:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
        with:
          path: ~/.cache/uv
          key: uv-${{ runner.os }}-1
      - run: echo wheel > ~/.cache/uv/from-the-job.txt
"""


def test_a_cached_package_folder_is_pitstops_shared_cache_used_as_it_is(
    tmp_path: Path, home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    """The generated workflows cache `~/.cache/uv`: in a job that is pitstop's uv cache,
    warm already, so it is neither archived nor restored, and no warning is raised."""
    repo = make_repo(tmp_path / "repo", {}, SHARED_CACHE)

    code, document = run(repo, tmp_path / "run")

    out = capsys.readouterr().out
    assert code == 0, out
    assert document["jobs"][0]["annotations"] == []
    uv = tmp_path / "pitstop-cache" / "pitstop" / "uv"
    assert (uv / "from-the-job.txt").read_text() == "wheel\n"
    log = next((tmp_path / "run" / "logs").iterdir()).read_text()
    assert "~/.cache/uv: pitstop's own package cache, used as it is" in log
    assert "Cache not saved: ~/.cache/uv is pitstop's own package cache" in log
    assert not (tmp_path / "pitstop-cache" / "pitstop" / "cache").exists()  # nothing archived
