"""Cold start: a new process, the function imported as Lambda's init phase does, one request
answered; beside a reference process that imports boto3, makes a DynamoDB client and does one
GetItem against the same moto server. Runs alternate (reference, function, reference, ...)
so the machine's noise falls on both alike; the ratio is the median of the pairs' ratios.

What runs is what `sam build` ships: each function's folder from .aws-sam/build (when `make
build` has run; the source folder otherwise, which sam build copies as it is) and the layer
built by the same recipe (shared/Makefile) for this machine's platform, since the deployed one
is for arm64, its files dated as `sam deploy`'s zip dates them. The runtime's own boto3 is
installed beside it, compiled, as Lambda's is.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
PYTHON_VERSION = "3.13"

_FUNCTION_PROBE = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("app", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.modules["app"] = module
spec.loader.exec_module(module)

class Context:
    function_name = "cold"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-2:123456789012:function:cold"
    aws_request_id = "00000000-0000-0000-0000-000000000000"
    def get_remaining_time_in_millis(self):
        return 10000

answer = module.lambda_handler(json.loads(open(sys.argv[2]).read()), Context())
status = answer.get("statusCode", 200) if isinstance(answer, dict) else 200
if isinstance(answer, dict) and answer.get("batchItemFailures"):
    status = 500  # a stream batch that failed measures the wrong path
print(status)
"""

_REFERENCE_PROBE = """
import os, boto3
client = boto3.client("dynamodb")
key = {"PK": {"S": "USER#x"}, "SK": {"S": "MENTOR"}}
client.get_item(TableName=os.environ["TABLE_NAME"], Key=key)
print(200)
"""


@dataclass(frozen=True)
class ColdCase:
    function: str  # the folder under functions/
    function_id: str  # the template's logical id
    label: str
    event: dict[str, Any]
    folder: Path | None = None  # code of its own (the framework's floor), not a function's
    entry: str = "app.py"  # the file in the folder Lambda would load
    # Puts back what a run used up (a notification once sent is not sent again), untimed.
    prepare: Callable[[], None] | None = None


@dataclass(frozen=True)
class ColdResult:
    label: str
    function_ms: float
    reference_ms: float
    ratio: float


def runtime_python() -> str:
    """Lambda's Python (3.13): pyenv's, or one on PATH that really runs (not a bare shim)."""
    pattern = f".pyenv/versions/{PYTHON_VERSION}*/bin/python{PYTHON_VERSION}"
    candidates = [str(p) for p in sorted(Path.home().glob(pattern))[-1:]]
    candidates.append(shutil.which(f"python{PYTHON_VERSION}") or "")
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "-c", ""], capture_output=True, check=False).returncode == 0:
            return candidate
    raise SystemExit(f"make bench needs Python {PYTHON_VERSION} (Lambda's runtime) on PATH")


# The zip format's first date, which `sam deploy` gives every file it zips (samcli make_zip).
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC).timestamp()


def dated_as_deployed(folder: Path) -> None:
    """Every file dated as the deployment zip dates it, so bytecode that would be stale in
    Lambda (checked against its source's time) is stale here too."""
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (ZIP_EPOCH, ZIP_EPOCH), follow_symlinks=False)


def prepare(python: str) -> tuple[Path, Path]:
    """The layer (shared/Makefile, this machine's platform) and the runtime's boto3."""
    layer, runtime = WORK / "layer", WORK / "runtime"
    stamp = WORK / "built-from"
    source = json.dumps(
        {
            "requirements": (ROOT / "shared" / "requirements.txt").read_text(),
            "newest": max(p.stat().st_mtime for p in (ROOT / "shared").rglob("*.py")),
        }
    )
    if stamp.exists() and stamp.read_text() == source:
        return layer / "python", runtime
    shutil.rmtree(WORK, ignore_errors=True)
    platform = f"manylinux2014_{os.uname().machine}"
    subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(ROOT / "shared"),
            "build-MentoringLayer",
            f"ARTIFACTS_DIR={layer}",
            f"PLATFORM={platform}",
            f"LAYER_PYTHON={python}",
        ],
        check=True,
    )
    dated_as_deployed(layer)
    boto3_pin = next(
        line
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if line.startswith("boto3==")
    )
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(runtime),
            boto3_pin,
        ],
        check=True,
    )
    subprocess.run([python, "-m", "compileall", "-q", "-j", "0", str(runtime)], check=True)
    stamp.write_text(source)
    return layer / "python", runtime


def function_folder(case: ColdCase) -> tuple[Path, str]:
    if case.folder is not None:
        return case.folder, ""
    built = ROOT / ".aws-sam" / "build" / case.function_id
    if (built / "app.py").exists():
        return built, "sam build"
    return ROOT / "functions" / case.function, "source (what sam build copies)"


def measure(
    cases: list[ColdCase],
    environment_of: Any,
    endpoint_url: str,
    overrides: dict[str, str],
    runs: int = 11,
) -> tuple[list[ColdResult], str]:
    python = runtime_python()
    layer, runtime = prepare(python)
    results = []
    origin = ""
    for case in cases:
        folder, source = function_folder(case)
        origin = source or origin
        event_file = WORK / f"{case.function}-event.json"
        event_file.write_text(json.dumps(case.event))
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
            **environment_of(case.function),
            **overrides,
            "AWS_ENDPOINT_URL": endpoint_url,
            # /opt and /var/task are read-only in Lambda: nothing compiled at run time is kept.
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": f"{folder}:{layer}:{runtime}",
        }
        reference_env = environment | {"PYTHONPATH": str(runtime)}
        function_runs, reference_runs, ratios = [], [], []
        for _ in range(runs):
            reference = _timed([python, "-c", _REFERENCE_PROBE], reference_env)
            if case.prepare is not None:
                case.prepare()
            function = _timed(
                [python, "-c", _FUNCTION_PROBE, str(folder / case.entry), str(event_file)],
                environment,
            )
            reference_runs.append(reference)
            function_runs.append(function)
            ratios.append(function / reference)
        results.append(
            ColdResult(
                case.label,
                statistics.median(function_runs),
                statistics.median(reference_runs),
                statistics.median(ratios),
            )
        )
    return results, origin


def _timed(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    answer = done.stdout.strip().splitlines()[-1:] or [""]
    if done.returncode != 0 or not answer[0].isdigit() or int(answer[0]) >= 500:
        sys.stderr.write(done.stderr[-3000:])
        raise RuntimeError(f"cold start probe failed: {command[-2:]}")
    return elapsed
