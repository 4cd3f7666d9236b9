"""Plotly figures: DataFrame in, go.Figure out; never renders. Arrives with the SPC charts."""
