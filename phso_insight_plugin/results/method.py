"""The method sentence of a run, built from clauses so that callers replace a clause instead of
editing text: "Indirectly standardised over 6 strata against the study total; Poisson limits (exact
below 10, Byar's from 10) at 95% and 99.8%; Benjamini–Hochberg false discovery rate control; 'Too
few to say' where expected < 5 and not significant."
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class MethodSentence:
    """How a result was obtained, one clause per step.

    ``expected``: how the expected counts were obtained; ``counts``: clauses stating how many cases were
    left out and why (left out of publication-safe texts, which state them rounded); ``limits``: the
    confidence limits; ``adjustments``: over-dispersion and multiple-testing clauses, in the order
    applied; ``small_numbers``: the "too few to say" rule; ``subject``: what was compared, said first as
    a sentence of its own (e.g. "Groups from the cases' field 'disability'").
    """

    expected: str
    limits: str = ""
    adjustments: tuple[str, ...] = ()
    small_numbers: str = ""
    subject: str = ""
    counts: tuple[str, ...] = ()

    @property
    def clauses(self) -> list[str]:
        """The non-empty clauses after the subject, in order."""
        return [c for c in (self.expected, *self.counts, self.limits, *self.adjustments, self.small_numbers) if c]

    @property
    def text(self) -> str:
        """The whole method: "<subject>. <clause>; <clause>; …." (no subject: the clauses alone)."""
        body = "; ".join(self.clauses) + "."
        return f"{self.subject}. {body}" if self.subject else body

    @property
    def text_without_counts(self) -> str:
        """:attr:`text` without the clauses stating case counts (for publication-safe outputs)."""
        return replace(self, counts=()).text

    def with_expected(self, expected: str, counts: tuple[str, ...] = ()) -> MethodSentence:
        """The same method with the expected-count clause (and the case-count clauses) replaced."""
        return replace(self, expected=expected, counts=counts)

    def with_subject(self, subject: str) -> MethodSentence:
        """The same method introduced by ``subject``."""
        return replace(self, subject=subject)

    def __str__(self) -> str:
        return self.text
