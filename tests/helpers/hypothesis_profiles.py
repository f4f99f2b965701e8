"""Hypothesis profiles: ``ci`` (the default, fast) and ``thorough`` (nightly, digs deeper).

Select one with ``HYPOTHESIS_PROFILE=thorough``. Tests that set their own example count pass
it through ``examples()`` so the thorough profile scales them too.
"""

from __future__ import annotations

import os

from hypothesis import settings

CI_EXAMPLES = 50
THOROUGH_EXAMPLES = 1000


def register_and_load() -> str:
    """Register both profiles and load the one named by HYPOTHESIS_PROFILE (default ``ci``)."""
    # No deadline: the machine running CI is shared, and a slow example is not a wrong one.
    settings.register_profile("ci", max_examples=CI_EXAMPLES, deadline=None, print_blob=True)
    settings.register_profile("thorough", max_examples=THOROUGH_EXAMPLES, deadline=None)
    name = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    settings.load_profile(name)
    return name


def examples(ci_count: int) -> int:
    """``ci_count`` under the ci profile, scaled by the loaded profile's ratio to it."""
    return max(1, ci_count * settings.default.max_examples // CI_EXAMPLES)
