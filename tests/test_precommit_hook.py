""".pre-commit-hooks.yaml: the hook pre-commit runs from this repository is a real command."""

from __future__ import annotations

import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from conftest import ROOT


def test_the_hook_runs_the_installed_console_script() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "odatagen-check"
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    command, *args = shlex.split(hook["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert command in scripts and args == ["generate", "--check"]
    # The script as pip installs it (pre-commit installs this repository the same way).
    script = Path(sys.prefix) / "bin" / command
    out = subprocess.run([str(script), *args], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
