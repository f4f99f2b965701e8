"""Demo data, in two sizes.

``small``: one housing organisation with cases in every state, made through the same services a
caseworker uses (``make run``, the browser tests). ``national``: 800 organisations and half a
million cases for the benchmarks (``pulje demo --scale national``, docs/PERFORMANCE.md),
simulated along the state machines in ``workflows`` and written in bulk.
"""

from pulje.demo.small import DEMO_PASSWORD, DEMO_USERS, DOMI_RULES, load_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DOMI_RULES", "load_demo"]
