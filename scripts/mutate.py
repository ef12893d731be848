"""`make mutate`: mutation testing (mutmut) of the core modules, one module at a time.

Each module is mutated on its own, in a throwaway copy of the repository, with only the tests
that are about it; a mutant that no test notices "survives". The score is the share of
mutants killed. Mutants that cannot be told apart from the original by any behaviour (an
equivalent mutant) are listed in scripts/equivalent_mutants.toml with a reason each, and
left out of the score. Results go to mutation/RESULTS.md and are printed.

    python scripts/mutate.py                 # every module
    python scripts/mutate.py "working days"  # one
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EQUIVALENT = ROOT / "scripts" / "equivalent_mutants.toml"
RESULTS = ROOT / "mutation" / "RESULTS.md"
TARGET_SCORE = 90.0


@dataclass(frozen=True)
class Target:
    name: str
    module: str  # path under the repository root
    tests: tuple[str, ...]


TARGETS = [
    Target(
        "working days",
        "shared/mentoring/domain/working_days.py",
        ("tests/unit/test_working_days.py", "tests/unit/test_deadline.py"),
    ),
    Target(
        "eligibility", "shared/mentoring/domain/eligibility.py", ("tests/unit/test_eligibility.py",)
    ),
    Target(
        "action links",
        "shared/mentoring/domain/action_links.py",
        ("tests/unit/test_action_links.py", "tests/unit/test_link_pages.py"),
    ),
    Target(
        "cursors",
        "shared/mentoring/data/cursors.py",
        ("tests/unit/test_cursors.py",),
    ),
    Target(
        "reports",
        "shared/mentoring/services/reports.py",
        (
            "tests/unit/test_nearest_rank.py",
            "tests/service/test_evaluation_and_reports.py",
            "tests/service/test_report_figures.py",
            "tests/service/test_report_totals.py",
        ),
    ),
    Target(
        "search terms",
        "shared/mentoring/domain/search_terms.py",
        ("tests/unit/test_search_terms.py",),
    ),
    Target(
        "running totals",
        "shared/mentoring/domain/totals.py",
        (
            "tests/unit/test_totals.py",
            "tests/service/test_report_totals.py",
            "tests/service/test_report_figures.py",
        ),
    ),
    Target(
        "sessions store",
        "shared/mentoring/data/sessions.py",
        (
            "tests/service/test_sessions_service.py",
            "tests/service/test_privacy.py",
            "tests/service/test_report_totals.py",
            "tests/service/test_evaluation_and_reports.py",
            "tests/service/test_actions_and_ladder.py",
        ),
    ),
    Target(
        "notification store",
        "shared/mentoring/data/notifications.py",
        (
            "tests/service/test_notification_store.py",
            "tests/service/test_notification_claims.py",
            "tests/handlers/test_notifications_handler.py",
            "tests/unit/test_notifications.py",
            "tests/service/test_privacy.py",
            "tests/service/test_personal_data.py",
        ),
    ),
    Target(
        "deliveries",
        "shared/mentoring/services/deliveries.py",
        (
            "tests/unit/test_deliveries.py",
            "tests/service/test_notification_claims.py",
            "tests/handlers/test_notifications_handler.py",
            "tests/unit/test_notifications.py",
        ),
    ),
    Target(
        "request ladder",
        "shared/mentoring/services/ladder.py",
        (
            "tests/service/test_ladder_steps.py",
            "tests/service/test_actions_and_ladder.py",
            "tests/service/test_waiting_lists.py",
            "tests/unit/test_deadline.py",
        ),
    ),
]


@dataclass
class Score:
    killed: int
    survived: list[str]
    equivalent: list[str]

    @property
    def total(self) -> int:
        return self.killed + len(self.survived)

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 100.0


def equivalent_mutants() -> dict[str, str]:
    """Mutant name -> why no behaviour can tell it apart."""
    if not EQUIVALENT.exists():
        return {}
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {name: str(reason) for name, reason in data.get("equivalent", {}).items()}


def _copy_repository(into: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _configure(copy: Path, target: Target) -> None:
    """mutmut names mutants by module path from the root: in the copy, the layer's package
    moves from shared/mentoring to mentoring (still on the tests' path, via ".")."""
    (copy / "shared" / "mentoring").rename(copy / "mentoring")
    module = target.module.removeprefix("shared/")
    also_copy = ["local_stack/", "functions/", "events/", "template.yaml", "openapi.json"]
    section = "\n".join(
        [
            "",
            "[tool.mutmut]",
            'source_paths = ["mentoring"]',
            f"only_mutate = [{json.dumps(module)}]",
            f"pytest_add_cli_args_test_selection = {json.dumps(list(target.tests))}",
            'pytest_add_cli_args = ["-p", "no:xdist", "-p", "no:cacheprovider"]',
            f"also_copy = {json.dumps(also_copy)}",
            "",
        ]
    )
    pyproject = copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + section, encoding="utf-8")


_RESULT = re.compile(r"^\s*(\S+): (killed|survived|no tests|timeout|suspicious|skipped)", re.M)


def run_target(target: Target, equivalent: dict[str, str], keep: bool = False) -> Score:
    copy = Path(tempfile.mkdtemp(prefix="mutate-"))
    try:
        _copy_repository(copy)
        _configure(copy, target)
        subprocess.run(
            [str(BIN / "mutmut"), "run", "--max-children", "2"],
            cwd=copy,
            check=True,
            capture_output=True,
            text=True,
        )
        listing = subprocess.run(
            [str(BIN / "mutmut"), "results", "--all", "true"],
            cwd=copy,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        if keep:
            print(f"  kept in {copy}: `mutmut show <mutant>` there shows one", flush=True)
        else:
            shutil.rmtree(copy, ignore_errors=True)
    killed, survived, skipped = 0, [], []
    for name, outcome in _RESULT.findall(listing):
        if name in equivalent:
            skipped.append(name)
        elif outcome in ("killed", "timeout"):
            killed += 1
        else:
            survived.append(name)
    return Score(killed, survived, skipped)


def report(scores: dict[str, Score], equivalent: dict[str, str]) -> str:
    lines = [
        "# Mutation testing (`make mutate`)",
        "",
        "Each core module mutated on its own by mutmut, with the tests about it. Equivalent",
        "mutants (no behaviour can tell them apart) are listed with their reason and left out.",
        "",
        "| module | killed | survived | equivalent | score |",
        "|---|---|---|---|---|",
    ]
    for name, score in scores.items():
        lines.append(
            f"| {name} | {score.killed} | {len(score.survived)} | {len(score.equivalent)} "
            f"| {score.percent:.1f}% |"
        )
    lines += ["", "## Equivalent mutants left out", ""]
    for name, score in scores.items():
        for mutant in score.equivalent:
            lines.append(f"- `{mutant}` ({name}): {equivalent[mutant]}")
    survivors = [(name, m) for name, score in scores.items() for m in score.survived]
    if survivors:
        lines += ["", "## Survivors", ""]
        lines += [f"- `{mutant}` ({name})" for name, mutant in survivors]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python scripts/mutate.py", description=__doc__)
    parser.add_argument("only", nargs="*", help='module names, e.g. "working days"')
    parser.add_argument("--keep", action="store_true", help="keep the copies, to study mutants")
    args = parser.parse_args()
    equivalent = equivalent_mutants()
    chosen = [t for t in TARGETS if not args.only or t.name in args.only]
    scores = {}
    for target in chosen:
        print(f"mutating {target.module} ...", flush=True)
        scores[target.name] = run_target(target, equivalent, args.keep)
    text = report(scores, equivalent)
    if not args.only:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0 if all(score.percent >= TARGET_SCORE for score in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
