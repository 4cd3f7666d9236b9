"""Issue 17: no hidden count can be worked out from every panel pack read together.

Two authorities (the sample, and one a fifth of its size), 24 monthly meetings each, every month signed
off at its meeting, and a later load revising a signed-off month. Every number a meeting published (the
month, its quarter, a year earlier, the last panel, revisions and the charts), with what a reader knows
besides (figures sharing a denominator, 16 and over within all children in care: reference/
panel_denominators.yaml, checked against the data here), goes into a linear programme
(tests/workflows/disclosure_audit.py), which must leave every hidden count with more than one possible
value and not inside 1 to the threshold, at thresholds 5 and 10. The same meetings under the rules as
they were when the issue was filed must fail it.
"""

import shutil

import pandas as pd
import pytest

from core.dates import month_label
from ingest.check import check_file
from metrics.panel_disclosure import relations, shared_denominators
from metrics.units import shown_value
from tests.roles import ANALYST
from tests.workflows.disclosure_audit import REVISED, Audit, Version
from views.panel import easy_read, panel_indicators, panel_view, quarter_of
from views.sign_off import signed_figures_frame
from views.themes import months_in, read_figures, series_of
from workflows import la_code, store
from workflows.first_run import load_sample_data
from workflows.sign_off import sign_off_month
from workflows.uploads import load_checked, plan_load

pytestmark = pytest.mark.long
MONTHS = 24  # April 2023 to March 2025: a meeting a month
AUTHORITIES = {"the sample authority": 1.0, "a small authority": 0.2}
REVISED_MONTH = "2024-06"  # signed off at its meeting, then revised by a corrected placements file
GROUP_OF = {code: group for group, codes in shared_denominators().items() for code in codes}


@pytest.fixture(scope="module")
def authority_store(tmp_path_factory):
    """A store per authority, loaded once for the module: (path, its corrected placements file)."""
    built = {}

    def build(scale: float):
        if scale not in built:
            path = tmp_path_factory.mktemp(f"disclosure_{scale}") / "store.sqlite"
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("CSC_STORE_PATH", str(path))
                # the panel's figures come from the contract files: no returns (help and protection)
                load_sample_data(store(), la_code(), months=MONTHS, scale=scale, returns=False)
                store().dispose()
            built[scale] = path
        return built[scale]

    return build


@pytest.mark.parametrize("threshold", [5, 10])
@pytest.mark.parametrize("authority", list(AUTHORITIES))
def test_no_hidden_count_can_be_worked_out_from_every_meeting_together(
    authority_store, tmp_path, monkeypatch, authority, threshold
):
    audit = _every_meeting(authority_store, tmp_path, monkeypatch, authority, threshold)
    assert len(audit.hidden) > 0
    failures = audit.failures()
    assert not failures, f"{len(failures)} hidden counts can be worked out:\n" + "\n".join(failures[:30])


def test_the_audit_catches_the_panel_as_it_was(authority_store, tmp_path, monkeypatch):
    """A mutation of the rules: each indicator suppressed on its own (no shared denominators) and every
    quarter shown whatever its months, as the panel was when the issue was filed. The same meetings
    read by the same audit give hidden counts away."""
    monkeypatch.setattr("views.panel.share_denominators", lambda states, units: states)
    monkeypatch.setattr("metrics.panel_disclosure.protected", lambda *args, **kwargs: True)
    audit = _every_meeting(authority_store, tmp_path, monkeypatch, "a small authority", 5)
    given_away = (f for f in audit.each_failure() if ": complement " in f or ": numerator " in f)
    assert next(given_away, None) is not None, "no hidden numerator or complement could be worked out"


def _every_meeting(authority_store, tmp_path, monkeypatch, authority: str, threshold: int) -> Audit:
    """Every monthly meeting read into one audit, each month signed off at its meeting, and a revision."""
    from tests.corrections import corrected_placements

    path = tmp_path / "store.sqlite"
    shutil.copyfile(authority_store(AUTHORITIES[authority]), path)
    monkeypatch.setenv("CSC_STORE_PATH", str(path))
    monkeypatch.setenv("CSC_SUPPRESSION_THRESHOLD", str(threshold))
    audit = Audit(threshold)
    data = read_figures(store(), la_code())
    months = months_in(data.figures)
    assert len(months) >= 24
    _check_shared_denominators(data)
    for month in months:
        _read(audit, month, data)
        meeting = f"Corporate parenting panel, {month_label(month)}"
        assert sign_off_month(store(), la_code(), month, meeting, ANALYST)[0]
        if month == REVISED_MONTH:
            name, content = corrected_placements(month, children=3, months=MONTHS, scale=AUTHORITIES[authority])
            result = check_file(name, content)
            load_checked(store(), la_code(), result, plan_load(store(), la_code(), result, None), ANALYST)
            data = read_figures(store(), la_code())
            revisions = _read(audit, month, data)  # the analyst looks back at the revised month
            assert any(text.startswith("Revised") for text in revisions), revisions
    return audit


def _read(audit: Audit, month: str, data) -> list[str]:
    """Everything one meeting's page and pack show, into the audit; returns its revision notes."""
    signed = signed_figures_frame(store(), la_code())
    view = panel_view(store(), la_code(), data, month)
    easy = {figure.title: figure for figure in easy_read(view)}
    notes = []
    versions = {}
    for _, items in view.priorities:
        for item, cells in zip(items, view.table(items).to_dict("records"), strict=True):
            _one_item(audit, item, cells, month, signed)
            versions[item.indicator.code] = {m: _version(item, m) for m in item.months.index}
            if item.revision:
                notes.append(item.revision)
            title = item.indicator.panel_field("easy_read")
            if title and item.month is not None:  # the easy-read page hides what the panel page hides
                assert (easy[title].big == "Not shown") == (cells[month_label(month)].split(" ")[0] == "c")
    within, partitions = relations()
    for part, whole in within:  # a reader knows which children are among which others
        for m in versions.get(part, {}).keys() & versions.get(whole, {}).keys():
            audit.within(versions[part][m], versions[whole][m])
    for whole, parts in partitions:
        for m in set.intersection(*(set(versions.get(code, {})) for code in (whole, *parts))):
            audit.partition([versions[code][m] for code in parts], versions[whole][m])
    return notes


def _version(item, m: str) -> Version:
    """The figure for month m as the meeting's panel holds it."""
    code, unit, row = item.indicator.code, item.indicator.unit, item.months.loc[m]
    return Version(code, GROUP_OF.get(code, code), m, float(row["numerator"]), float(row["denominator"]), unit)


def _one_item(audit: Audit, item, cells: dict, month: str, signed) -> None:
    code, unit = item.indicator.code, item.indicator.unit
    group = GROUP_OF.get(code, code)

    def version(m: str) -> Version:
        return _version(item, m)

    def figure(v: Version, text: str) -> None:
        audit.count(v, text) if unit == "count" else audit.rate([v], text)

    year_ago = str(pd.Period(month, freq="M") - 12)
    for m, column, where in ((month, month_label(month), "month"), (year_ago, "A year earlier", "year ago")):
        if m in item.months.index:
            audit.cell(version(m), cells[column], where)
    three = quarter_of(month)
    quarter = cells["Quarter (3 months pooled)"].split(",")[0]
    if all(m in item.months.index for m in three) and quarter != "no figure":
        figure(version(three[-1]), quarter) if unit == "count" else audit.rate([version(m) for m in three], quarter)
    mine = signed[(signed["code"] == code) & (signed["breakdown"] == item.row.breakdown)] if len(signed) else signed
    if len(mine):
        then = mine.sort_values("sign_off_id").iloc[-1]
        signed_version = Version(code, group, then["month"], float(then["numerator"]), float(then["denominator"]), unit)
        figure(signed_version, cells["Last panel"].split(" (")[0])
        said = REVISED.match(item.revision)
        if said:
            this_month = mine[mine["month"] == month].sort_values("sign_off_id").iloc[-1]
            before = Version(code, group, month, float(this_month["numerator"]), float(this_month["denominator"]), unit)
            figure(before, said[1])
            figure(version(month), said[2])
    for m, value in item.spc["value"].dropna().items() if len(item.spc) else ():
        figure(version(m), shown_value(value, unit))  # the chart: each month's rate as shown


def _check_shared_denominators(data) -> None:
    """reference/panel_denominators.yaml is right about the data: members' denominators agree each month,
    a part is within its whole, and parts add up to their whole."""
    breakdowns = {i.code: i.panel_field("breakdown") for i in panel_indicators(data.catalogue)}
    for group, codes in shared_denominators().items():
        series = [series_of(data.figures, code, breakdowns[code])["denominator"] for code in codes]
        for other in series[1:]:
            both = series[0].index.intersection(other.index)
            assert (series[0][both] == other[both]).all(), group
    within, partitions = relations()
    for part, whole in within:
        p, w = (series_of(data.figures, code, breakdowns[code]) for code in (part, whole))
        p, w = p.loc[p.index.intersection(w.index)], w.loc[p.index.intersection(w.index)]
        assert len(p) and (p["numerator"] <= w["numerator"]).all(), (part, whole)
        assert (p["denominator"] <= w["denominator"]).all(), (part, whole)
        assert (p["denominator"] - p["numerator"] <= w["denominator"] - w["numerator"]).all(), (part, whole)
    for whole, parts in partitions:
        frames = [series_of(data.figures, code, breakdowns[code]) for code in (whole, *parts)]
        months = frames[0].index
        for frame in frames[1:]:
            months = months.intersection(frame.index)
        for column in ("numerator", "denominator"):
            total = sum(frame.loc[months, column] for frame in frames[1:])
            assert (abs(total - frames[0].loc[months, column]) < 1e-6).all(), (whole, parts, column)
