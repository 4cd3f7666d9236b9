"""Fixtures of the export tests: Debian's Chromium, or skip locally and fail under CI."""

import pytest

from tests.exports.export_sample import chromium_or_skip


@pytest.fixture(scope="session")
def chromium() -> str:
    return chromium_or_skip()
