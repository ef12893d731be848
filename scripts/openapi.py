"""`make openapi`: write the API document, generated from the functions' own routes.

python scripts/openapi.py > openapi.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT)]

from local_stack.api_document import api_document  # noqa: E402


def main() -> int:
    sys.stdout.write(json.dumps(api_document(), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
