"""The deployments operators run: every phase flow, the challenge flow, the scheduled batch flow.

prefect.yaml (for `prefect deploy` + a process worker) and serve.py (one serving process) both follow this list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_DOMAIN = "quick-commerce grocery delivery in tier-2 Indian cities"
WORK_POOL = "factory-pool"
BATCH_CRON = "0 2 * * 1"  # Mondays 02:00 UTC
BATCH_DOMAINS = [DEFAULT_DOMAIN, "health insurance claims", "food delivery in metro cities"]


@dataclass(frozen=True)
class Spec:
    """One deployment: its name, the flow's entrypoint, default parameters and an optional cron schedule."""

    name: str
    entrypoint: str
    parameters: dict[str, Any] = field(default_factory=dict)
    cron: str | None = None
    description: str = ""


REQUEST = {"domain": DEFAULT_DOMAIN, "rows": 20000, "seed": 42}
SPECS: tuple[Spec, ...] = (
    Spec("challenge", "flows/challenge.py:challenge", {"request": REQUEST},
         description="Phases 1-5 with approval gates after problem, schema and preview."),
    Spec("phase1-problem", "flows/phases.py:phase1_problem", {"request": REQUEST},
         description="Research and draft the problem (writes <out>/<challenge id>/)."),
    Spec("phase2-schema", "flows/phases.py:phase2_schema", {"request": REQUEST},
         description="Draft the schema of a run folder phase 1 wrote."),
    Spec("phase3-preview", "flows/phases.py:phase3_preview", {"request": REQUEST},
         description="Preview rows and checks of a run folder."),
    Spec("phase4-full", "flows/phases.py:phase4_full", {"request": REQUEST},
         description="Full data, answers, validation and reports of a run folder."),
    Spec("phase5-package", "flows/phases.py:phase5_package", {"request": REQUEST},
         description="Packages of a run folder, published to the artifact store."),
    Spec("batch", "flows/batch.py:batch", {"request": {"domains": BATCH_DOMAINS, "rows": 20000, "seed": 42}},
         cron=BATCH_CRON, description="One challenge per domain; auto-approved only above every threshold."),
    Spec("grade-submissions", "flows/grading.py:grade_submissions",
         {"source": "out/challenge", "submissions": "submissions", "dialect": "mysql"},
         description="Grade a folder of learners' submissions; report CSV beside it, score distribution artifact."),
)
