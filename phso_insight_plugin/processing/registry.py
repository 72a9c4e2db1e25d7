"""The list of algorithms the provider loads (one line per algorithm)."""
from __future__ import annotations


def algorithm_classes() -> list[type]:
    """Algorithm classes in toolbox order (imported lazily so the core stays importable)."""
    from .apportion_algorithm import ApportionAlgorithm
    from .assign_cases_algorithm import AssignCasesAlgorithm
    from .export_map_algorithm import ExportMapAlgorithm
    from .export_styled_algorithm import ExportStyledAlgorithm
    from .group_representation_algorithm import GroupRepresentationAlgorithm
    from .insight_report_algorithm import InsightReportAlgorithm
    from .join_case_counts_algorithm import JoinCaseCountsAlgorithm
    from .representation_algorithm import RepresentationAlgorithm
    from .tier_style_algorithm import TierStyleAlgorithm

    return [
        AssignCasesAlgorithm,
        JoinCaseCountsAlgorithm,
        RepresentationAlgorithm,
        GroupRepresentationAlgorithm,
        ApportionAlgorithm,
        TierStyleAlgorithm,
        ExportMapAlgorithm,
        ExportStyledAlgorithm,
        InsightReportAlgorithm,
    ]
