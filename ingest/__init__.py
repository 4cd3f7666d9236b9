"""Uploaded bytes in, typed tables or a complete list of problems out. Never a partial table."""
