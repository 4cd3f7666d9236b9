"""Pieces of pages too long to sit inline: still only widgets, calling workflows/."""
