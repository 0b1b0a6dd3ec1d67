#!/usr/bin/env python3
"""Reads mawp's .xlsx files back with openpyxl, cell by cell against the JSON that mawp gives
for the same question, then opens them all in LibreOffice (soffice --headless).

Usage: check_xlsx.py FOLDER, where FOLDER holds, for each NAME in report, activities,
indicators, slippage and export: NAME.xlsx and NAME.json (export also has export.csv, the CSV
export, for the milestones' dates that the JSON export leaves to the event log).
Prints one line per failed check and exits 1 if any failed.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

import openpyxl

FOLDER = sys.argv[1]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def day(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d") if text else None


def load(name):
    with open(os.path.join(FOLDER, name + ".json"), encoding="utf-8") as handle:
        return json.load(handle)


def check_layout(path, sheet, as_of, sample):
    """The lines about the sheet, the frozen header row and the autofilter over the table."""
    where = f"{os.path.basename(path)}[{sheet.title}]"
    if not isinstance(sheet["A1"].value, str) or "Work Plan" not in sheet["A1"].value:
        fail(f"{where}: A1 is not the title: {sheet['A1'].value!r}")
    if not sheet["A1"].font.b:
        fail(f"{where}: the title is not bold")
    if sheet["A2"].value != "As of" or sheet["B2"].value != day(as_of) or not sheet["B2"].is_date:
        fail(f"{where}: row 2 is not the as-of date {as_of}: {sheet['A2'].value!r} {sheet['B2'].value!r}")
    if sheet["A3"].value != "Sample data" or sheet["B3"].value is not sample:
        fail(f"{where}: row 3 is not the sample flag {sample}: {sheet['B3'].value!r}")
    # The header follows the lines about the sheet and a blank row, and stays in view.
    top = header_row(sheet)
    if sheet.freeze_panes != f"A{top + 1}" or any(cell.value is not None for cell in sheet[top - 1]):
        fail(f"{where}: the header row {top} is not frozen under a blank row (freeze_panes {sheet.freeze_panes})")
    header = [cell.value for cell in sheet[top]]
    if not all(cell.font.b for cell in sheet[top]):
        fail(f"{where}: the header row is not bold")
    ref = sheet.auto_filter.ref
    if not ref or not ref.startswith(f"A{top}:"):
        fail(f"{where}: no autofilter on the header row ({ref})")
    for index, letter in enumerate(openpyxl.utils.get_column_letter(i + 1) for i in range(len(header))):
        width = sheet.column_dimensions[letter].width
        if not width or width < 8 or width > 60:
            fail(f"{where}: column {letter} width {width} is not between 8 and 60")
    return header


def header_row(sheet):
    """The row after the lines about the sheet (column A filled from row 1) and a blank row."""
    row = 1
    while sheet.cell(row=row, column=1).value is not None:
        row += 1
    return row + 1


def literal(value):
    """A text cell as spreadsheets read it: `_xHHHH_` is the character U+HHHH (ECMA-376's
    ST_Xstring), which openpyxl leaves to its caller."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), value)


def rows(sheet):
    """The table's rows under the header, as dicts by column name."""
    top = header_row(sheet)
    header = [cell.value for cell in sheet[top]]
    out = []
    for row in sheet.iter_rows(min_row=top + 1):
        out.append({name: cell for name, cell in zip(header, row)})
    return out


def expect(where, cell, expected, kind):
    """One cell against its JSON value; kind says how the spreadsheet must type it."""
    value = literal(cell.value)
    if expected is None or expected == "" or expected == []:
        if value is not None:
            fail(f"{where}: expected an empty cell, found {value!r}")
        return
    if kind == "date":
        if not cell.is_date or value != day(expected):
            fail(f"{where}: expected the date {expected}, found {value!r} ({cell.number_format})")
    elif kind == "datetime":
        wanted = datetime.datetime.strptime(expected[:19], "%Y-%m-%dT%H:%M:%S")
        if not cell.is_date or abs((value - wanted).total_seconds()) > 1:
            fail(f"{where}: expected the moment {expected}, found {value!r}")
    elif kind == "percent":
        if not isinstance(value, (int, float)) or "%" not in cell.number_format or abs(value * 100 - expected) > 1e-9:
            fail(f"{where}: expected {expected} %, found {value!r} ({cell.number_format})")
    elif kind == "int":
        if type(value) is not int or value != expected:
            fail(f"{where}: expected the number {expected}, found {value!r}")
    elif kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or abs(value - float(expected)) > 1e-9:
            fail(f"{where}: expected the number {expected}, found {value!r}")
    elif kind == "bool":
        if value is not expected:
            fail(f"{where}: expected {expected}, found {value!r}")
    elif kind == "list":
        if value != ";".join(str(item) for item in expected):
            fail(f"{where}: expected {expected!r}, found {value!r}")
    else:
        if value != expected:
            fail(f"{where}: expected {expected!r}, found {value!r}")


def compare(where, row, record, kinds, names=None):
    for column, kind in kinds.items():
        key = (names or {}).get(column, column)
        if column not in row:
            fail(f"{where}: no column {column}")
            continue
        expect(f"{where}.{column}", row[column], record.get(key), kind)


PROGRESS = {"activities": "int", "milestones": "int", "milestonesDone": "int", "overdue": "int",
            "percentComplete": "percent", "indicators": "int", "indicatorProgress": "percent"}


def check_report():
    path = os.path.join(FOLDER, "report.xlsx")
    data = load("report")
    book = openpyxl.load_workbook(path)
    if book.sheetnames != ["Groups"]:
        fail(f"report.xlsx: sheets {book.sheetnames}")
    sheet = book["Groups"]
    sample = data.get("sample", False)
    check_layout(path, sheet, data["asOf"], sample)
    if data["chair"] and (sheet["A4"].value != "Chair" or data["chair"]["agency"] not in sheet["B4"].value):
        fail(f"report.xlsx: row 4 does not name the chair {data['chair']}")
    table = rows(sheet)
    records = data["groups"] + [dict(data["totals"], code="total", name="All groups")]
    if len(table) != len(records):
        fail(f"report.xlsx: {len(table)} rows, the JSON has {len(records)} groups and totals")
    for row, record in zip(table, records):
        where = f"report.xlsx[{record['code']}]"
        compare(where, row, dict(record, asOf=data["asOf"], sample=sample), dict(
            {"asOf": "date", "code": "text", "name": "text", "kind": "text", "sample": "bool"}, **PROGRESS))
        if row["kind"].value is None and record.get("kind"):
            fail(f"{where}: no kind")
        if row["chair"].value != (data["chair"] or {}).get("agency"):
            fail(f"{where}: chair {row['chair'].value!r}")
        engagement = next((g for g in data["engagement"]["groups"] if g["code"] == record["code"]),
                          data["engagement"]["totals"])
        expect(f"{where}.withStakeholders", row["withStakeholders"], engagement.get("withStakeholders", engagement.get("engaged")), "int")


def check_activities():
    path = os.path.join(FOLDER, "activities.xlsx")
    data = load("activities")
    book = openpyxl.load_workbook(path)
    sheet = book["Activities"]
    check_layout(path, sheet, data["asOf"], SAMPLE)
    table = rows(sheet)
    if len(table) != len(data["activities"]) or not table:
        fail(f"activities.xlsx: {len(table)} rows for {len(data['activities'])} activities")
    kinds = {"ref": "text", "group": "text", "title": "text", "status": "text", "lead": "text", "start": "date",
             "end": "date", "cancelledOn": "date", "milestones": "int", "milestonesDone": "int", "overdue": "int",
             "nextDue": "date", "partners": "list", "links": "list"}
    for row, record in zip(table, data["activities"]):
        compare(f"activities.xlsx[{record['ref']}]", row, record, kinds)
        expect(f"activities.xlsx[{record['ref']}].partnerKinds", row["partnerKinds"],
               list(record["partnerKinds"].values()), "list")


def check_indicators():
    path = os.path.join(FOLDER, "indicators.xlsx")
    data = load("indicators")
    sheet = openpyxl.load_workbook(path)["Indicators"]
    check_layout(path, sheet, data["asOf"], SAMPLE)
    table = rows(sheet)
    if len(table) != len(data["indicators"]) or not table:
        fail(f"indicators.xlsx: {len(table)} rows for {len(data['indicators'])} indicators")
    kinds = {"ref": "text", "activity": "text", "title": "text", "measure": "text", "ascending": "bool",
             "baseline": "number", "baselineYear": "int", "target": "number", "periodEnd": "date",
             "actual": "number", "actualOn": "date", "percentToTarget": "percent"}
    for row, record in zip(table, data["indicators"]):
        compare(f"indicators.xlsx[{record['ref']}]", row, record, kinds)


def check_slippage():
    path = os.path.join(FOLDER, "slippage.xlsx")
    data = load("slippage")
    book = openpyxl.load_workbook(path)
    sample = data.get("sample", False)
    groups = book["Groups"]
    check_layout(path, groups, data["asOf"], sample)
    if data["chair"] and (groups["A4"].value != "Chair" or data["chair"]["agency"] not in groups["B4"].value):
        fail(f"slippage.xlsx: row 4 does not name the chair {data['chair']}")
    table = rows(groups)
    records = data["groups"] + [dict(data["totals"], code="total", name="All groups")]
    if len(table) != len(records):
        fail(f"slippage.xlsx: {len(table)} group rows for {len(records)}")
    for row, record in zip(table, records):
        compare(f"slippage.xlsx[{record['code']}]", row, record, {
            "code": "text", "name": "text", "milestones": "int", "rescheduled": "int", "daysSlipped": "int",
            "done": "int", "doneOnTime": "int", "onTimeRate": "percent"})
    milestones = book["Milestones"]
    check_layout(path, milestones, data["asOf"], sample)
    table = rows(milestones)
    if len(table) != len(data["milestones"]) or not table:
        fail(f"slippage.xlsx: {len(table)} milestone rows for {len(data['milestones'])}")
    for row, record in zip(table, data["milestones"]):
        compare(f"slippage.xlsx[{record['ref']}]", row, record, {
            "group": "text", "milestone": "text", "title": "text", "lead": "text", "baselineDue": "date", "due": "date",
            "daysSlipped": "int", "reschedules": "int", "done": "bool", "doneOn": "date", "onTime": "bool"},
            names={"milestone": "ref"})


def check_export():
    path = os.path.join(FOLDER, "export.xlsx")
    data = load("export")
    book = openpyxl.load_workbook(path)
    if book.sheetnames != ["activities", "milestones", "indicators", "events"]:
        fail(f"export.xlsx: sheets {book.sheetnames}")
        return
    today = datetime.date.today().isoformat()
    for sheet in book.worksheets:
        check_layout(path, sheet, today, data["sample"])
    kinds_of = {agency["code"]: agency["kind"] for agency in data["agencies"]}
    activities = rows(book["activities"])
    if len(activities) != len(data["activities"]):
        fail(f"export.xlsx: {len(activities)} activities for {len(data['activities'])}")
    for row, record in zip(activities, data["activities"]):
        where = f"export.xlsx[{record['ref']}]"
        compare(where, row, dict(record, group=record["ref"].rsplit("-", 1)[0]), {
            "ref": "text", "group": "text", "title": "text", "description": "text", "lead": "text", "partners": "list",
            "start": "date", "end": "date", "agenda": "list", "links": "list", "cancelledOn": "date"})
        expect(where + ".partnerKinds", row["partnerKinds"], [kinds_of[p] for p in record["partners"]], "list")
    # The milestones' current dates are the CSV export's (the JSON leaves them to the event log).
    import csv
    with open(os.path.join(FOLDER, "export.csv"), encoding="utf-8", newline="") as handle:
        dates = {line["milestone"]: line for line in csv.DictReader(handle) if line["milestone"]}
    milestones = rows(book["milestones"])
    records = [dict(m, activity=a["ref"]) for a in data["activities"] for m in a["milestones"]]
    if len(milestones) != len(records) or not records:
        fail(f"export.xlsx: {len(milestones)} milestones for {len(records)}")
    for row, record in zip(milestones, records):
        line = dates[record["ref"]]
        compare(f"export.xlsx[{record['ref']}]", row, dict(record, doneOn=line["doneOn"], baselineDue=line["baselineDue"],
                                                         droppedOn=line["droppedOn"]),
                {"ref": "text", "activity": "text", "title": "text", "due": "date", "doneOn": "date",
                 "baselineDue": "date", "droppedOn": "date"})
    indicators = rows(book["indicators"])
    records = [dict(i, activity=a["ref"]) for a in data["activities"] for i in a["indicators"]]
    if len(indicators) != len(records) or not records:
        fail(f"export.xlsx: {len(indicators)} indicators for {len(records)}")
    for row, record in zip(indicators, records):
        compare(f"export.xlsx[{record['ref']}]", row, record, {
            "ref": "text", "activity": "text", "title": "text", "measure": "text", "ascending": "bool", "result": "text",
            "baseline": "number", "baselineYear": "int", "target": "number", "periodEnd": "date"})
    events = rows(book["events"])
    if len(events) != len(data["events"]):
        fail(f"export.xlsx: {len(events)} events for {len(data['events'])}")
    for index, (row, record) in enumerate(zip(events, data["events"])):
        where = f"export.xlsx[event {index + 1}]"
        compare(where, row, record, {
            "kind": "text", "on": "date", "recordedAt": "datetime", "by": "text", "agency": "text", "group": "text",
            "activity": "text", "milestone": "text", "indicator": "text", "note": "text"})
        if json.loads(literal(row["details"].value)) != record["details"]:
            fail(f"{where}.details: {row['details'].value!r}")


def check_libreoffice():
    """Every file converts with LibreOffice without an error, and the converted report holds the title."""
    names = [os.path.join(FOLDER, name + ".xlsx") for name in ("report", "activities", "indicators", "slippage", "export")]
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv",
             "--outdir", out] + names, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            fail(f"soffice exited {result.returncode}: {result.stderr.strip()}")
        for name in names:
            converted = os.path.join(out, os.path.basename(name)[:-5] + ".csv")
            if not os.path.exists(converted):
                fail(f"soffice did not convert {os.path.basename(name)}: {result.stdout} {result.stderr}")
                continue
            with open(converted, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            if "Work Plan" not in text.splitlines()[0]:
                fail(f"soffice's {os.path.basename(converted)} starts {text[:80]!r}")
            if name.endswith("activities.xlsx") and LITERAL not in text:
                fail(f"LibreOffice does not show the title {LITERAL!r} as it is")
        if "Error" in result.stderr:
            fail(f"soffice reported: {result.stderr.strip()}")


# A title the plan's test gives an activity: text that looks like a spreadsheet's escape.
LITERAL = "Literal _x0041_ and _x005F_ stay"
SAMPLE = load("report").get("sample", False)
for check in (check_report, check_activities, check_indicators, check_slippage, check_export, check_libreoffice):
    check()
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
