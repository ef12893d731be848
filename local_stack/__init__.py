"""The local stack: moto in server mode and a small API Gateway adapter, from template.yaml."""

import sys
from pathlib import Path

# What /opt/python is in Lambda: the mentoring layer's code on the import path.
_LAYER = str(Path(__file__).resolve().parent.parent / "shared")
if _LAYER not in sys.path:
    sys.path.insert(0, _LAYER)
