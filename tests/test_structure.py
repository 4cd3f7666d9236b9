"""Structure and docs are tested, not trusted: the flow runs one way and settings are documented."""

import ast
import re
import subprocess
from pathlib import Path

import pytest

from settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
LOWER_LAYERS = (
    "core", "reference", "ingest", "store", "metrics", "figures", "sample_data", "views", "workflows", "exports"
)  # fmt: skip
FORBIDDEN = {
    "core": {"streamlit", "sqlalchemy", "ingest", "store", "metrics", "figures", "pages"},
    "reference": {"streamlit", "sqlalchemy", "ingest", "store", "metrics", "figures", "pages"},
    "ingest": {"streamlit", "sqlalchemy", "store", "metrics", "figures", "pages"},
    "store": {"streamlit", "metrics", "figures", "pages"},
    "metrics": {"streamlit", "sqlalchemy", "store", "figures", "pages"},
    "figures": {"streamlit", "sqlalchemy", "store", "pages"},
    "sample_data": {"streamlit", "pages", "workflows"},
    "views": {"streamlit", "pages", "workflows"},  # reads only: what a page shows, never a change
    "workflows": {"streamlit", "pages"},  # changes; may read through views/ (sign-off records what the panel saw)
    "exports": {"streamlit", "sqlalchemy", "store", "metrics", "workflows", "pages"},  # may draw figures/
}
for _layer in ("core", "reference", "ingest", "store", "metrics", "figures"):
    FORBIDDEN[_layer] = FORBIDDEN[_layer] | {"workflows", "exports"}
for _layer in ("core", "reference", "ingest", "store", "metrics", "figures", "sample_data", "exports"):
    FORBIDDEN[_layer] = FORBIDDEN[_layer] | {"views"}
# Every layer of the app but store/ (its migrations included): no SQL, no session of its own. Reads go through
# store/ functions (store.read.reading for a read session), writes through store/'s transactions.
APP_CODE = ("app.py", "settings.py", "core", "reference", "ingest", "metrics", "figures", "sample_data", "views")
APP_CODE += ("workflows", "exports", "pages")
SQL = re.compile(r"\.(connect|begin|execute|exec_driver_sql)\(|\bsa\.(select|text|insert|update|delete)\(")
SQLALCHEMY_TYPES = {"Engine", "Connection"}  # the one thing app code takes from sqlalchemy: type hints
WORD = re.compile(r"[A-Za-z]{2,}")
# f-strings with words in views/ modules, not yet moved to views/wording.py: each may only go down; a new
# views/ module has none (its sentences go in views/wording.py)
WORDED_FSTRINGS_LEFT = {
    "benchmarks.py": 6,
    "equalities.py": 5,
    "history.py": 3,
    "indicators.py": 3,
    "packs.py": 4,
    "panel.py": 23,
    "quality.py": 1,
    "spc_window.py": 1,
    "surgery.py": 3,
    "themes.py": 3,
    "timeline.py": 1,
}
WORD_FUNCTIONS_LEFT = {  # the same debt: functions making words outside views/wording.py
    "equalities.py": {"population_words"},
    "panel.py": {"panel_sentence", "_status_sentence"},
    "themes.py": {"caseload_words"},
}


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
        assert not bad, f"{path.name} imports {bad}: pages read through views/ and change through workflows/"


def _app_files():
    for name in APP_CODE:
        path = ROOT / name
        yield from [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def test_no_sql_outside_store():
    """Every SQL statement is written in store/: the rest of the app opens no connection or transaction,
    executes nothing and builds no query; from sqlalchemy it takes type hints only."""
    for path in _app_files():
        text = path.read_text(encoding="utf-8")
        found = SQL.search(text)
        assert not found, f"{path.relative_to(ROOT)}: {found.group(0)} - SQL belongs in store/ (store.read.reading)"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("sqlalchemy") for a in node.names), path.relative_to(ROOT)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                bad = {a.name for a in node.names} - SQLALCHEMY_TYPES
                assert node.module == "sqlalchemy" and not bad, (
                    f"{path.relative_to(ROOT)} imports {bad} from sqlalchemy"
                )


STORE_WRITES = re.compile(
    r"^_?(save|add|set|mark|remove|write|update|append|record|delete|load|make_current|withdraw|recompute|sign_off"
    r"|writing|exclusive|activity|migrate)(_|$)"
)


def test_views_only_read_the_store():
    """views/ takes nothing from store/ that writes (by the store's own verbs: save_, add_, set_, record_, ...)."""
    for path in sorted((ROOT / "views").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "store":
                for alias in node.names:
                    if node.module == "store":
                        modules.add(alias.asname or alias.name)
                    else:
                        assert not STORE_WRITES.match(alias.name), f"views/{path.name} imports {alias.name} (a write)"
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                assert not STORE_WRITES.match(node.attr), (
                    f"views/{path.name} calls {node.value.id}.{node.attr} (a write)"
                )


def _worded_fstrings(path: Path) -> list[int]:
    """Lines of f-strings whose own text has a word (a sentence or label built from data), not format specs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    specs = {id(n.format_spec) for n in ast.walk(tree) if isinstance(n, ast.FormattedValue) and n.format_spec}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        and id(node) not in specs
        and WORD.search("".join(v.value for v in node.values if isinstance(v, ast.Constant)))
    ]


def test_view_wording_lives_in_views_wording():
    """Sentences built from data are made in views/wording.py: other views/ modules define no *_words,
    *_sentence or headline function, hold no f-string with words beyond the debt listed above (which only
    goes down), and pages and views build no "team: X" label of their own."""
    for path in sorted((ROOT / "views").glob("*.py")):
        if path.name == "wording.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                name = node.name.lstrip("_")
                wording = name.endswith(("_words", "_sentence")) or name == "headline"
                assert not wording or node.name in WORD_FUNCTIONS_LEFT.get(path.name, set()), (
                    f"views/{path.name}: {node.name} makes words; it belongs in views/wording.py"
                )
        lines = _worded_fstrings(path)
        allowed = WORDED_FSTRINGS_LEFT.get(path.name, 0)
        assert len(lines) <= allowed, (
            f"views/{path.name} builds {len(lines)} f-strings with words (lines {lines}), at most {allowed}: "
            "move the wording to views/wording.py"
        )
    for folder in ("views", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != "wording.py":
                assert '"team: ' not in path.read_text(encoding="utf-8"), (
                    f"{path.relative_to(ROOT)}: a team's breakdown label is views.wording.team_breakdown"
                )


def test_month_arithmetic_lives_in_core_dates():
    """Months are moved with core.dates.shift_month, never with pandas Periods of their own."""
    for path in _app_files():
        if path != ROOT / "core" / "dates.py":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"Period\([^)]*\)\s*[-+]", text), (
                f"{path.relative_to(ROOT)}: use core.dates.shift_month"
            )


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
