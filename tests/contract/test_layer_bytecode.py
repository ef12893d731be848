"""The layer's bytecode as Lambda meets it: still used after `sam deploy` has zipped it.

`sam deploy` zips every file dated 1980-01-01 (samcli's make_zip), and /opt is read-only, so
bytecode that Python checks against its source's modification time would be stale on arrival
and every module compiled again at every cold start (twice the import time, measured).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from local_stack.template import ROOT
from scripts.bench_cold import dated_as_deployed


def imported(module: str, layer: Path) -> str:
    """What Python's verbose import says of loading `module` from a read-only layer."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(layer / "python"),
        "PYTHONDONTWRITEBYTECODE": "1",  # /opt is read-only
    }
    done = subprocess.run(
        [sys.executable, "-v", "-c", f"import {module}"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return "\n".join(line for line in done.stderr.splitlines() if module in line)


def test_the_layers_bytecode_is_still_used_once_deployed(tmp_path: Path) -> None:
    package = tmp_path / "python" / "scheme_rules"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("SESSIONS_PER_MATCH = 4\n", encoding="utf-8")

    subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(ROOT / "shared"),
            "compile-MentoringLayer",
            f"ARTIFACTS_DIR={tmp_path}",
            f"LAYER_PYTHON={sys.executable}",
        ],
        check=True,
    )
    dated_as_deployed(tmp_path)

    said = imported("scheme_rules", tmp_path)
    assert "bytecode is stale" not in said
    bytecode = package / "__pycache__" / f"__init__.{sys.implementation.cache_tag}.pyc"
    assert f"code object from '{bytecode}'" in said, said
