"""JupyterLab, the analysts' front door, is installed and `make lab` starts it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jupyter_lab_version_from_the_environment():
    jupyter = BIN / ("jupyter.exe" if os.name == "nt" else "jupyter")
    result = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()[:1].isdigit()


@pytest.mark.skipif(shutil.which("make") is None or os.name == "nt", reason="make is not available")
def test_make_lab_starts_jupyterlab_on_the_notebooks(tmp_path):
    port, token = free_port(), "test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path)}
    opts = f"--no-browser --port={port} --IdentityProvider.token={token} --ServerApp.port_retries=0"
    process = subprocess.Popen(["make", "-s", "lab", f"LAB_OPTS={opts}", f"BIN={BIN}", "STAMP="],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        listing = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    listing = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert listing is not None, process.stdout.read().decode("utf-8", "replace")[-2000:] \
            if process.poll() is not None else "JupyterLab did not answer in 90 s"
        assert "01_publicity_reach.ipynb" in listing
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/tree/notebooks?token={token}",
                                    timeout=10) as page:
            assert page.status == 200
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_jupyterlab_is_chinese_by_default_by_both_routes():
    """The zh-CN language pack is a dependency of both routes, and ./tools/lab-settings (installed by `make
    setup` and by environment.yml) puts overrides.json where JupyterLab reads default settings."""
    import json
    import tomllib

    import yaml

    pack = "jupyterlab-language-pack-zh-cn"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.lower().startswith(pack + "==") for d in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(d.lower().startswith(pack + "==") for d in pip) and "./tools/lab-settings" in pip
    settings = tomllib.loads((ROOT / "tools/lab-settings/pyproject.toml").read_text(encoding="utf-8"))
    assert settings["tool"]["setuptools"]["data-files"] == {"share/jupyter/lab/settings": ["overrides.json"]}
    overrides = json.loads((ROOT / "tools/lab-settings/overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install -q --force-reinstall --no-deps ./tools/lab-settings" in makefile


def test_the_notebooks_folder_shows_each_notebook_once():
    """Jupytext twins live in scripts/ (jupytext.toml), not beside the notebooks Lab opens at."""
    from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file
    from jupytext.paired_paths import paired_paths

    notebooks = ROOT / "notebooks"
    assert not list(notebooks.glob("*.py")), "a .py twin in notebooks/ shows twice in the file browser"
    config = load_jupytext_configuration_file(find_jupytext_configuration_file(str(notebooks)))
    for nb in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        paths = [p for p, _ in paired_paths(str(nb), "ipynb", config.default_formats(str(nb)))]
        twin = ROOT / "scripts" / f"{nb.stem}.py"
        assert str(twin) in paths and twin.is_file(), nb.name
