"""Readers for the council's own returns (Annex A, SSDA903, CIN and CSWW census) as they are produced."""
