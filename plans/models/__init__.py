"""The plans and what hangs from them: diagnostics, objectives, actions, memorandums."""

from .action import (
    Action,
    ActionPartner,
    ActionUpdate,
    Indicator,
    IndicatorValue,
    Objective,
    ReportedIndicatorValue,
    Review,
    Status,
    SubmittedUpdate,
)
from .diagnostic import Diagnostic, Finding
from .memorandum import Memorandum, Recommendation
from .plan import (
    Milestone,
    MilestoneAcronym,
    MilestoneResource,
    MilestoneSource,
    Plan,
    SteeringMembership,
    overlapping_periods,
)
from .report import FrozenReport

__all__ = [
    "Action",
    "ActionPartner",
    "ActionUpdate",
    "Diagnostic",
    "Finding",
    "FrozenReport",
    "Indicator",
    "IndicatorValue",
    "Memorandum",
    "Milestone",
    "MilestoneAcronym",
    "MilestoneResource",
    "MilestoneSource",
    "Objective",
    "Plan",
    "Recommendation",
    "ReportedIndicatorValue",
    "Review",
    "Status",
    "SteeringMembership",
    "SubmittedUpdate",
    "overlapping_periods",
]
