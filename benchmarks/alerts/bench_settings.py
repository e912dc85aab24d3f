"""Settings for benchmark and fault-test workers: the project's settings plus alerts knobs from the environment.

ALERTS_BENCH_BATCH_SIZE, ALERTS_BENCH_EMAIL_PER_SECOND, ALERTS_BENCH_CLAIM_TIMEOUT, ALERTS_BENCH_ATTEMPT_WINDOW,
ALERTS_BENCH_UNKNOWN_POLICY and ALERTS_BENCH_UNKNOWN_CHECK override the alerts settings; ALERTS_BENCH_FAULT_POINTS
makes the worker kill itself at named points (alerts/faults.py).
"""

import os

from engagehub.settings import *  # noqa: F403
from engagehub.settings import DATABASES

ALERTS_BATCH_SIZE = int(os.environ.get("ALERTS_BENCH_BATCH_SIZE", "500"))
ALERTS_EMAIL_PER_SECOND = float(os.environ.get("ALERTS_BENCH_EMAIL_PER_SECOND", "0"))
ALERTS_CLAIM_TIMEOUT_SECONDS = float(os.environ.get("ALERTS_BENCH_CLAIM_TIMEOUT", "600"))
ALERTS_UNKNOWN_POLICY = os.environ.get("ALERTS_BENCH_UNKNOWN_POLICY", "hold")
ALERTS_UNKNOWN_CHECK_SECONDS = float(os.environ.get("ALERTS_BENCH_UNKNOWN_CHECK", "3600"))
ALERTS_ATTEMPT_WINDOW = int(os.environ.get("ALERTS_BENCH_ATTEMPT_WINDOW", "50"))
ALERTS_FAULT_POINTS = os.environ.get("ALERTS_BENCH_FAULT_POINTS", "")
EMAIL_TIMEOUT = 30
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several worker processes share one file: wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 60
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
LOGGING = {"version": 1, "disable_existing_loggers": False}
