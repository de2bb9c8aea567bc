"""Repair of OCR-damaged Vietnamese text: each damaged syllable back to a valid one, chosen in context.

`syllables` knows what a Vietnamese syllable is (marks, tone placement, folding); `model` loads the compiled
syllable-pair counts and the learned OCR confusions (knowledge/repair/data/); `repair` decides whether a text
needs repair at all and restores it.
"""

from knowledge.repair.repair import Repairer, needs_repair, repair_text

__all__ = ["Repairer", "needs_repair", "repair_text"]
