"""Load a nightly folder from the command line: contract CSVs and the council's own returns alike.

    python -m workflows.load_files load PATH... --month 2025-03 --who "nightly job"

Each file gets the Check page's checks (ingest.check.check_file, ingest.standard.check) and the same
plan and load (workflows.uploads), so a scheduled job can feed the dashboard without a browser. A file
with problems (or with warnings, unless --accept-warnings) is refused: its problems are written beside
it as NAME.problems.csv, the same table the Check page offers for download. Exit code 0 when every
file loaded (or was already loaded, or holds nothing to load yet), 1 when any was refused, 2 when the
command itself is wrong (a month that is not a month, a path that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.access import User
from ingest.check import CheckResult, check_file
from ingest.issues import Issue, csv_download, issues_frame
from ingest.parse import MONTH_FORMAT_HELP, month_from_text
from ingest.report import first_problems, status
from ingest.standard.check import check_standard_files, standard_kind
from workflows import la_code, store
from workflows.uploads import load_checked, plan_load

REPORT_SUFFIX = ".problems.csv"
JOB_ROLE = "analyst"  # loading is an analyst's action; the job runs with the store's own access


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    level: str  # "loaded" (or already loaded), "skipped" (read, nothing in it to load yet) or "refused"
    message: str
    report: Path | None = None


def files_in(paths: list[Path]) -> list[Path]:
    """The files named, and the files directly in any folder named, minus reports written earlier."""
    found: list[Path] = []
    for path in paths:
        children = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        found += [p for p in children if not p.name.endswith(REPORT_SUFFIX) and not p.name.startswith(".")]
    return found


def split_returns(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """(the council's own returns, everything else) among uploaded files, each in upload order."""
    kinds = [standard_kind(name, data) for name, data in files]
    return [f for f, k in zip(files, kinds, strict=True) if k], [f for f, k in zip(files, kinds, strict=True) if not k]


def check_returns(files: list[tuple[str, bytes]], month: str | None) -> list[CheckResult]:
    """The Check page's check of returns: one result per contract dataset they give (see ingest.standard)."""
    return check_standard_files(files, month)


def check_paths(paths: list[Path], month: str | None) -> tuple[list[CheckResult], dict[str, list[Path]]]:
    """Every file checked; returns the results and, per result's file name, the files it came from."""
    named = [(p, p.read_bytes()) for p in paths]
    standard = {p for p, d in named if standard_kind(p.name, d)}
    results = check_standard_files([(p.name, d) for p, d in named if p in standard], month)
    results += [check_file(p.name, d, month=month) for p, d in named if p not in standard]
    by_name = {p.name: p for p, _ in named}
    sources = {r.file_name: [by_name[n] for n in r.file_name.split(" + ") if n in by_name] for r in results}
    return results, sources


def _same_target(results: list[CheckResult]) -> dict[int, str]:
    """Two files giving one dataset for one month would replace each other: both are refused."""
    targets = Counter((r.dataset, r.reporting_month) for r in results if r.ready and r.dataset != "indicator_values")
    clashes = {}
    for n, r in enumerate(results):
        if r.ready and r.dataset != "indicator_values" and targets[(r.dataset, r.reporting_month)] > 1:
            others = [
                o.file_name
                for o in results
                if o is not r and (o.dataset, o.reporting_month) == (r.dataset, r.reporting_month)
            ]
            clashes[n] = f"{', '.join(others)} also gives {r.dataset} for {r.reporting_month}; load only one of them."
    return clashes


def load_paths(
    paths: list[Path], month: str | None, who: str, extract: date | None = None, accept_warnings: bool = False
) -> list[FileOutcome]:
    """Check and load each file; refused files get their problems written beside them."""
    results, sources = check_paths(files_in(paths), month)
    clashes = _same_target(results)
    engine, authority, user = store(), la_code(), User(who, JOB_ROLE)
    outcomes = []
    for n, result in enumerate(results):
        level, sentence = status(result, warnings_confirmed=accept_warnings)
        refusal = clashes.get(n)
        if refusal is None and result.dataset is None and result.issues and not result.errors:
            outcomes.append(FileOutcome(result.file_name, "skipped", " ".join(i.message for i in result.warnings)))
            continue
        if refusal is None and level != "ready":
            refusal = sentence if level == "fix" else sentence + " Check them, then run again with --accept-warnings."
            refusal = " ".join([refusal, *first_problems(result)])
        if refusal is None:
            report = load_checked(engine, authority, result, plan_load(engine, authority, result, extract), user)
            if report.level != "refused":
                outcomes.append(FileOutcome(result.file_name, "loaded", f"{result.dataset}: {report.message}"))
                continue
            refusal = report.message
        issues = list(result.issues) or [Issue(result.file_name, None, None, None, "refused", refusal)]
        outcomes.append(FileOutcome(result.file_name, "refused", refusal, _write_report(sources, result, issues)))
    return outcomes


def _write_report(sources: dict[str, list[Path]], result: CheckResult, issues: list[Issue]) -> Path | None:
    """The problems as the Check page's download, beside each file the result came from."""
    beside = sources.get(result.file_name) or []
    data = csv_download(issues_frame(issues))
    written = []
    for path in beside:
        stem = f"{path.name}.{result.dataset}" if result.dataset else path.name  # a workbook can give three
        written.append(path.with_name(stem + REPORT_SUFFIX))
        written[-1].write_bytes(data)
    return written[0] if written else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows.load_files", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="check and load files or folders")
    load.add_argument("paths", nargs="+", type=Path, help="files, or folders whose files are all loaded")
    load.add_argument("--month", help="reporting month YYYY-MM (else read from each file's name)")
    load.add_argument("--who", required=True, help="who or what is loading, recorded with each batch")
    load.add_argument("--extract-date", help="when the data were taken, DD/MM/YYYY (else from the name, or today)")
    load.add_argument("--accept-warnings", action="store_true", help="load files whose only problems are warnings")
    args = parser.parse_args(argv)
    if args.month and not month_from_text(args.month):
        print(f"--month {args.month} is not a month; {MONTH_FORMAT_HELP}.", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"No such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    extract = None
    if args.extract_date:
        try:
            extract = date(*reversed([int(part) for part in args.extract_date.split("/")]))
        except (TypeError, ValueError):
            print(f"--extract-date {args.extract_date} is not a date; use DD/MM/YYYY.", file=sys.stderr)
            return 2
    outcomes = load_paths(args.paths, args.month, args.who, extract, args.accept_warnings)
    for outcome in outcomes:
        where = f" Problems written to {outcome.report}." if outcome.report else ""
        print(f"{outcome.level.upper()} {outcome.file_name}: {outcome.message}{where}")
    if not outcomes:
        print("No files found.", file=sys.stderr)
        return 1
    return 1 if any(o.level == "refused" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
