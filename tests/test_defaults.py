"""crosscheck.defaults: each default defined once, and the modules that use it see that value."""

import subprocess
import sys

from crosscheck import defaults


def test_the_modules_use_the_one_definition():
    from crosscheck.ingest import DEFAULT_MAX_BYTES
    from crosscheck.ingest.dedup import DEFAULT_THRESHOLD
    from crosscheck.store import DEFAULT_URL

    assert (DEFAULT_URL, DEFAULT_MAX_BYTES, DEFAULT_THRESHOLD) == \
        (defaults.DEFAULT_URL, defaults.DEFAULT_MAX_BYTES, defaults.DEFAULT_THRESHOLD)
    assert defaults.DEFAULT_URL.startswith("sqlite:///") and 0 < defaults.DEFAULT_THRESHOLD <= 1


def test_importing_the_defaults_imports_nothing_of_crosscheck_else():
    code = "import sys, crosscheck.defaults; print(sorted(m for m in sys.modules if m.startswith('crosscheck.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['crosscheck.defaults']"
