"""Property-based fuzzing of the loader and the renderer (issue 6); see docs/fuzzing.md.

Hypothesis settings for the fuzz suite: small and repeatable by default, deep on request.

The normal test run uses a fixed number of examples per test and derandomized generation, so it takes
well under a minute on two cores and fails the same way every time. `ADFLOWS_FUZZ_EXAMPLES=5000`
switches to a deep run: that many examples per test, fresh random inputs each run, and failures kept
in the example database under `.hypothesis/` (git-ignored) so the next run tries them first.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

DEEP_EXAMPLES = int(os.environ.get("ADFLOWS_FUZZ_EXAMPLES", "0") or 0)
_DATABASE = Path(__file__).resolve().parents[2] / ".hypothesis" / "examples"
# No shrinking in the normal run: these inputs are large and shrinking can take minutes, while a
# derandomized failure already reproduces exactly. No "explain" phase anywhere: it imports a module
# that warns, and the suite turns warnings into errors, which would hide the real failure.
_QUICK = (Phase.explicit, Phase.generate, Phase.target)
_DEEP = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink)
_SLOW_OK = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]

settings.register_profile(
    "adflows-fuzz",
    deadline=None,
    derandomize=True,
    database=None,
    phases=_QUICK,
    suppress_health_check=_SLOW_OK,
    print_blob=True,
)
settings.register_profile(
    "adflows-fuzz-deep",
    deadline=None,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(str(_DATABASE)),
    phases=_DEEP,
    suppress_health_check=_SLOW_OK,
    print_blob=True,
)


def fuzz_settings(examples: int) -> settings:
    """Settings for one fuzz test: `examples` in the normal run, `ADFLOWS_FUZZ_EXAMPLES` in a deep one."""
    if DEEP_EXAMPLES:
        return settings(settings.get_profile("adflows-fuzz-deep"), max_examples=DEEP_EXAMPLES)
    return settings(settings.get_profile("adflows-fuzz"), max_examples=examples)
