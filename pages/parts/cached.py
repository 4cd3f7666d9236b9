"""Page caches keyed on the store's version, so a cached figure is never older than the data."""

from __future__ import annotations

import streamlit as st

from views.benchmarks import mapped_benchmarks
from workflows import store


@st.cache_data(max_entries=8, show_spinner="Reading the DfE's published figures")
def published_benchmarks(authority: str, version: int) -> dict:
    """The latest published figures of every mapped indicator, by indicator code."""
    del version  # part of the cache key only
    return {benchmark.key: benchmark for benchmark in mapped_benchmarks(store(), authority)}
