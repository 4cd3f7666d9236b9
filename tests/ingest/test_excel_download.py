"""ingest/issues.py excel_download: an .xlsx with no formula anywhere, text neutralised as in the CSV."""

from io import BytesIO

import pandas as pd
from openpyxl import load_workbook

from ingest.issues import EXCEL_DATE_FORMAT, EXCEL_WIDTH, csv_download, excel_download, neutralise_formula

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-2+3", "\t=1+1", "\r=1+1", "=1+1"]


def read_back(data: bytes):
    return load_workbook(BytesIO(data)).worksheets[0]


def every_cell(sheet):
    return [cell for row in sheet.iter_rows() for cell in row]


def test_hostile_cells_read_back_as_the_same_neutralised_text_as_the_csv_and_nothing_is_a_formula():
    frame = pd.DataFrame({"child_id": [f"C{n}" for n in range(len(HOSTILE))], "note": HOSTILE})
    sheet = read_back(excel_download(frame))
    assert all(cell.data_type != "f" for cell in every_cell(sheet))
    notes = [sheet.cell(row=n + 2, column=2).value for n in range(len(HOSTILE))]
    # A quote in front, exactly as neutralise_formula does (XML reads a carriage return back as "\n").
    assert notes == [("'" + text).replace("\r", "\n") for text in HOSTILE]
    assert notes == [neutralise_formula(text).replace("\r", "\n") for text in HOSTILE]
    csv_notes = pd.read_csv(BytesIO(csv_download(frame)), encoding="utf-8-sig", dtype=str)["note"]
    assert notes == csv_notes.str.replace("\r", "\n").tolist()  # the CSV and the workbook say the same thing
    assert all(sheet.cell(row=n + 2, column=2).data_type == "s" for n in range(len(HOSTILE)))


def test_hostile_headings_and_string_dtype_columns_are_neutralised_too():
    frame = pd.DataFrame({"=cmd()": pd.Series(["-1", "ok", None], dtype="string")})
    sheet = read_back(excel_download(frame))
    assert sheet["A1"].value == "'=cmd()"
    assert [sheet["A2"].value, sheet["A3"].value, sheet["A4"].value] == ["'-1", "ok", None]  # blank stays blank


def test_a_control_character_an_xlsx_cannot_hold_is_removed_before_neutralising():
    # "\x01" cannot be stored in .xlsx; removing it must not leave "=1+1" bare.
    sheet = read_back(excel_download(pd.DataFrame({"note": ["\x01=1+1", "a\x02b"]})))
    assert [sheet["A2"].value, sheet["A3"].value] == ["'=1+1", "ab"]


def test_numbers_stay_numbers_so_a_negative_figure_is_not_mistaken_for_a_formula():
    frame = pd.DataFrame({"caseload": [24, -3], "fte": [1.0, 0.6], "over": [True, False]})
    sheet = read_back(excel_download(frame))
    assert [sheet["A2"].value, sheet["A3"].value] == [24, -3]
    assert [sheet["B2"].value, sheet["B3"].value] == [1.0, 0.6]
    assert sheet["A3"].data_type == "n" and sheet["C2"].value is True


def test_dates_are_real_excel_dates_shown_dd_mm_yyyy_and_blank_when_missing():
    frame = pd.DataFrame(
        {
            "date_entered_care": pd.to_datetime(["2025-03-10", None]),
            "loaded_at": pd.to_datetime(["2025-07-01 09:30"]).tz_localize("UTC").repeat(2),
        }
    )
    sheet = read_back(excel_download(frame))
    assert sheet["A2"].is_date and sheet["A2"].value == pd.Timestamp("2025-03-10").to_pydatetime()
    assert sheet["A2"].number_format == EXCEL_DATE_FORMAT
    assert sheet["A3"].value is None
    # 09:30 UTC is 10:30 in England in July (British Summer Time); Excel has no time zones.
    assert sheet["B2"].value == pd.Timestamp("2025-07-01 10:30").to_pydatetime()
    assert "hh:mm" in sheet["B2"].number_format


def test_the_heading_row_is_bold_frozen_and_filtered_and_columns_are_sensibly_wide():
    frame = pd.DataFrame({"id": ["C1"], "Problem and how to fix it": ["x" * 500]})
    sheet = read_back(excel_download(frame, sheet_name="Children: 3+ workers?"))
    assert sheet.title == "Children  3+ workers"  # ':' and '?' are not allowed in a sheet name
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B2"
    widths = [sheet.column_dimensions[letter].width for letter in "AB"]
    assert widths[0] == EXCEL_WIDTH[0]  # a short column is not narrower than the minimum
    assert widths[1] == EXCEL_WIDTH[1]  # a long text column is capped


def test_an_empty_frame_gives_a_workbook_with_just_its_headings():
    sheet = read_back(excel_download(pd.DataFrame(columns=["child_id", "worker_id"])))
    assert [cell.value for cell in sheet[1]] == ["child_id", "worker_id"]
    assert sheet.max_row == 1
