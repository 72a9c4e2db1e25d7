"""The list of algorithms the provider loads (one line per algorithm)."""
from __future__ import annotations


def algorithm_classes() -> list[type]:
    """Algorithm classes in toolbox order (imported lazily so the core stays importable)."""
    from .apportion_algorithm import ApportionAlgorithm
    from .assign_cases_algorithm import AssignCasesAlgorithm
    from .join_case_counts_algorithm import JoinCaseCountsAlgorithm
    from .representation_algorithm import RepresentationAlgorithm

    return [
        AssignCasesAlgorithm,
        JoinCaseCountsAlgorithm,
        RepresentationAlgorithm,
        ApportionAlgorithm,
    ]
