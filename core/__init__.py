"""Small helpers every layer may use (dates and periods); imports nothing from the project."""
