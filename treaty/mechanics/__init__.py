"""Treaty mechanics: the questions a treaty designer asks of a normal-form game.

* :mod:`~treaty.mechanics.verification` -- covert violation, detection, false alarms,
  sanctions and an inspector, turned into an ordinary :class:`~treaty.game.Game`
  (:func:`add_verification`), and the closed-form deterrence threshold;
* :mod:`~treaty.mechanics.thresholds` -- the exact set of values of one parameter for which a
  target profile is an equilibrium (results, fitting and solving in separate modules);
* :mod:`~treaty.mechanics.repeated` -- minmax values and the critical discount factors of
  grim-trigger and T-period punishment under perfect and imperfect monitoring, and trigger
  strategies with finite punishment phases when false alarms punish on the equilibrium path;
* :mod:`~treaty.mechanics.analysis` -- one report per game combining all of the above.

See ``docs/treaty-mechanics.md``.
"""

from __future__ import annotations

from .analysis import Analysis, TargetReport, analyze
from .repeated import (
    MinmaxValue,
    NoisyTrigger,
    RepeatedSettings,
    Sustainability,
    critical_discount,
    grim_trigger_threshold,
    min_detection,
    minmax_values,
    noisy_trigger,
    punishment_threshold,
    repeated_settings,
    sustainable,
)
from .thresholds import Threshold, threshold
from .verification import Inspection, Mechanism, add_verification, deterrence_threshold, mechanism_of

__all__ = [
    "Analysis",
    "TargetReport",
    "analyze",
    "MinmaxValue",
    "RepeatedSettings",
    "Sustainability",
    "critical_discount",
    "grim_trigger_threshold",
    "min_detection",
    "minmax_values",
    "noisy_trigger",
    "NoisyTrigger",
    "punishment_threshold",
    "repeated_settings",
    "sustainable",
    "Threshold",
    "threshold",
    "Inspection",
    "Mechanism",
    "add_verification",
    "deterrence_threshold",
    "mechanism_of",
]
