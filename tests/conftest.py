"""Every test runs against a throwaway, empty store, never the developer's own data.

Set before any test module imports the app: pages, AppTest runs and the browser tests' Streamlit
server (which inherits the environment) all use a SQLite file in a fresh temporary folder, and a
DATABASE_URL in the developer's shell is ignored.
"""

import os
import tempfile

os.environ.pop("DATABASE_URL", None)
os.environ["CSC_SAMPLE_DATA"] = "off"  # tests that want the first-run sample load it themselves
os.environ["CSC_STORE_PATH"] = os.path.join(tempfile.mkdtemp(prefix="csc-test-store-"), "store.sqlite")
