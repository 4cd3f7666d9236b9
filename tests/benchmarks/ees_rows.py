"""Real rows from the DfE files shipped in reference/dfe/, as the bytes of a small CSV for a test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

DFE = Path(__file__).resolve().parents[2] / "reference" / "dfe"


def shipped(name: str) -> bytes:
    return (DFE / name).read_bytes()


def real_rows(name: str, keep: Callable[[str], bool], edit: Callable[[str], str] = lambda line: line) -> bytes:
    """The file's header and the data lines `keep` accepts, exactly as published (optionally edited)."""
    lines = shipped(name).decode("utf-8-sig").splitlines()
    return ("\n".join([lines[0], *(edit(line) for line in lines[1:] if keep(line))]) + "\n").encode()


def csv_bytes(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()
