"""Write shared/mentoring/domain/bank_holidays.py: England and Wales bank holidays for the years the
scheme will run, from the pinned `holidays` package, so no cold start loads its hundreds of
modules. A test holds the two to each other; run this after bumping `holidays`.

    .venv/bin/python scripts/bank_holidays.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import holidays

FIRST, LAST = 2025, 2040
ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "shared" / "mentoring" / "domain" / "bank_holidays.py"

HEADER = '''"""England and Wales bank holidays (substitute days included), {first}-{last}: by
scripts/bank_holidays.py from the pinned `holidays` package (tests/unit/test_working_days.py holds
them equal), so a cold start loads no calendar library. Other years ask the library itself."""

from __future__ import annotations

# year: (month, day) of each bank holiday
ENGLAND_AND_WALES: dict[int, tuple[tuple[int, int], ...]] = {{
'''


def main() -> None:
    lines = [HEADER.format(first=FIRST, last=LAST)]
    for year in range(FIRST, LAST + 1):
        days = sorted(holidays.country_holidays("GB", subdiv="ENG", years=year))
        pairs = ", ".join(f"({day.month}, {day.day})" for day in days)
        lines.append(f"    {year}: ({pairs}),\n")
    lines.append("}\n")
    MODULE.write_text("".join(lines), encoding="utf-8")
    ruff = Path(sys.executable).parent / "ruff"
    subprocess.run([str(ruff), "format", "--quiet", str(MODULE)], check=True)


if __name__ == "__main__":
    main()
