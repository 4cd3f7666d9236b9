"""Structure and docs are tested, not trusted: the flow runs one way and settings are documented."""

import ast
import subprocess
from pathlib import Path

import pytest

from settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
LOWER_LAYERS = ("core", "reference", "ingest", "store", "metrics", "figures", "sample_data", "workflows", "exports")
FORBIDDEN = {
    "core": {"streamlit", "sqlalchemy", "ingest", "store", "metrics", "figures", "pages"},
    "reference": {"streamlit", "sqlalchemy", "ingest", "store", "metrics", "figures", "pages"},
    "ingest": {"streamlit", "sqlalchemy", "store", "metrics", "figures", "pages"},
    "store": {"streamlit", "metrics", "figures", "pages"},
    "metrics": {"streamlit", "sqlalchemy", "store", "figures", "pages"},
    "figures": {"streamlit", "sqlalchemy", "store", "pages"},
    "sample_data": {"streamlit", "pages", "workflows"},
    "workflows": {"streamlit", "pages"},
    "exports": {"streamlit", "sqlalchemy", "store", "metrics", "workflows", "pages"},  # may draw figures/
}
for _layer in ("core", "reference", "ingest", "store", "metrics", "figures"):
    FORBIDDEN[_layer] = FORBIDDEN[_layer] | {"workflows", "exports"}


def imported_top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_lower_layers_never_import_higher_ones(layer):
    for path in (ROOT / layer).rglob("*.py"):
        bad = imported_top_level_names(path) & FORBIDDEN[layer]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_pages_hold_no_computation():
    for path in (ROOT / "pages").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in (".groupby(", ".merge(", ".pivot(", ".agg(", "sa.select(", "sa.text("):
            assert forbidden not in text, f"{path.name} computes ({forbidden}); move it below pages/"
        assert "st.caption(" not in text, f"{path.name}: st.caption's grey fails WCAG 2.2 AA contrast (3.9:1)"
        bad = imported_top_level_names(path) & {"sqlalchemy", "store", "metrics"}
        assert not bad, f"{path.name} imports {bad}: pages reach data through workflows/"


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.env}` | {setting.default} |" in readme


def test_readme_starts_with_exactly_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```bash\n")[1:]
    commands = [b.split("```")[0].strip() for b in blocks]
    assert len(commands) == 2
    assert commands == ["bash scripts/run.sh", "bash scripts/test.sh"]
    for script in ("run.sh", "test.sh", "chromium.sh", "postgres.sh"):  # at least they parse
        subprocess.run(["bash", "-n", str(ROOT / "scripts" / script)], check=True)
    assert "exec bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line} is not pinned"
