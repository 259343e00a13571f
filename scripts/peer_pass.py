"""Pass rate of find_quantities per peer suite (wraps the reference ../shared/tools/peer_pass.py)."""

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for candidate in (ROOT.parent / "shared" / "tools" / "peer_pass.py", Path("/work/shared/tools/peer_pass.py")):
    if candidate.is_file():
        sys.argv[0] = str(candidate)
        runpy.run_path(str(candidate), run_name="__main__")
        break
else:
    sys.exit("peer_pass.py not found beside the repository")
