"""The production settings in .streamlit/config.toml are real Streamlit options and take effect."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from tests.conftest import REPO

CONFIG = REPO / ".streamlit" / "config.toml"
REQUIRED = {"server.enableXsrfProtection": True, "client.showErrorDetails": "none",
            "browser.gatherUsageStats": False, "server.fileWatcherType": "none", "server.runOnSave": False,
            "server.headless": True}


def _flat(table: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_every_configured_option_exists_in_this_streamlit():
    from streamlit import config
    known = config._config_options_template
    configured = _flat(tomllib.loads(CONFIG.read_text(encoding="utf-8")))
    assert [k for k in configured if k not in known] == []


def test_production_values_are_set():
    configured = _flat(tomllib.loads(CONFIG.read_text(encoding="utf-8")))
    assert {k: configured.get(k) for k in REQUIRED} == REQUIRED


def test_streamlit_reads_the_file_when_started_from_the_repo():
    """A fresh interpreter in the repo folder (as `streamlit run app.py` is) sees our values."""
    code = ("import json; from streamlit import config; config.get_config_options(force_reparse=True); "
            f"print(json.dumps({{k: config.get_option(k) for k in {list(REQUIRED)!r}}}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(REPO / ".no-home")})
    assert json.loads(out.stdout.strip().splitlines()[-1]) == REQUIRED
