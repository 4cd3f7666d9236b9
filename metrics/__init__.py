"""Indicator computations: pure pandas functions, one per indicator, each with its definition.

Never imports streamlit or sqlalchemy (tests/test_structure.py checks). The indicators arrive with
the indicator catalogue; this package is the layer they live in.
"""
