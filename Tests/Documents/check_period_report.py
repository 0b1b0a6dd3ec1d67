#!/usr/bin/env python3
"""Reads a period's compiled report back as the people who receive it would: the Word document
with python-docx and the workbook with openpyxl, each against the JSON of the same report; then
opens the Word document in LibreOffice (soffice --headless --convert-to pdf) and renders its
first page as a PNG (pdftoppm) into ARTEFACTS, for a person to look at.

Usage: check_period_report.py FOLDER ARTEFACTS, where FOLDER holds report.json, report.docx
and report.xlsx. Prints one line per failed check and exits 1 if any failed.
"""
import json
import os
import subprocess
import sys
import tempfile

import docx
import openpyxl

FOLDER, ARTEFACTS = sys.argv[1], sys.argv[2]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def expect(condition, message):
    if not condition:
        fail(message)


with open(os.path.join(FOLDER, "report.json"), encoding="utf-8") as handle:
    report = json.load(handle)
period = report["period"]
STATES = {"draft": "draft", "submitted": "submitted for review", "returned": "returned for revision"}


def heading_of(entry):
    update = entry["update"]
    mark = ""
    if update is not None and update["state"] != "approved":
        mark = f" [pending: {STATES[update['state']]}]"
    return f"{entry['activity']}: {entry['title']}{mark}"


# The Word document: the title, Heading 1 per group, Heading 2 per activity, each update's
# texts paragraph by paragraph, a table of each group's numbers, A4 portrait.
document = docx.Document(os.path.join(FOLDER, "report.docx"))
paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
expect(paragraphs[0] == ("Title", f"Progress report: {period['title']} ({period['code']})"), f"title: {paragraphs[0]}")
expected_headings = []
for group in report["groups"]:
    expected_headings.append(("Heading 1", f"{group['name']} ({group['code']})"))
    for entry in group["activities"]:
        expected_headings.append(("Heading 2", heading_of(entry)))
headings = [(style, text) for style, text in paragraphs if style in ("Heading 1", "Heading 2")]
expect(headings == expected_headings, f"headings differ:\n{headings}\n{expected_headings}")
texts = [text for _, text in paragraphs]
for group in report["groups"]:
    for entry in group["activities"]:
        update = entry["update"]
        if update is None:
            continue
        for key in ("achievements", "challenges", "nextSteps"):
            value = update[key].replace("\r\n", "\n")
            for paragraph in [p for p in value.split("\n\n") if p]:
                expect(paragraph in texts, f"{entry['activity']} {key}: paragraph {paragraph!r} is not in the document")
tables = document.tables
expect(len(tables) == len(report["groups"]), f"{len(tables)} tables for {len(report['groups'])} groups")
labels = {"Activities": "activities", "Updates approved": "approved", "Milestones due": "milestonesDue",
          "Milestones done": "milestonesDone", "Overdue at the end": "overdue", "Rescheduled": "rescheduled",
          "Dropped": "dropped", "Indicator values recorded": "values"}
for table, group in zip(tables, report["groups"]):
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    expect(rows[0] == ["In the period", "Number"], f"{group['code']}: header {rows[0]}")
    for label, number in rows[1:]:
        expect(int(number) == group["numbers"][labels[label]], f"{group['code']}: {label} {number}")
section = document.sections[0]
expect((round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), f"page {section.page_width.mm} x {section.page_height.mm} mm")
styles = {style.name for style in document.styles}
expect({"Heading 1", "Heading 2", "Title"} <= styles, f"styles: {sorted(styles)}")

# The workbook: a row per activity on the Updates sheet, the same state and texts as the JSON.
workbook = openpyxl.load_workbook(os.path.join(FOLDER, "report.xlsx"))
expect(workbook.sheetnames == ["Groups", "Updates"], f"sheets {workbook.sheetnames}")
sheet = workbook["Updates"]
rows = list(sheet.iter_rows(values_only=True))
header_index = next(i for i, row in enumerate(rows) if row and row[0] == "group")
header = rows[header_index]
body = {row[1]: dict(zip(header, row)) for row in rows[header_index + 1:] if row and row[1]}
for group in report["groups"]:
    for entry in group["activities"]:
        row = body.get(entry["activity"])
        if row is None:
            fail(f"xlsx: no row for {entry['activity']}")
            continue
        expect(row["state"] == entry["state"], f"xlsx {entry['activity']}: state {row['state']}")
        update = entry["update"] or {}
        for key in ("achievements", "challenges", "nextSteps"):
            expect((row[key] or "") == (update.get(key) or ""), f"xlsx {entry['activity']} {key}: {row[key]!r}")
        expect(row["milestonesDue"] == len(entry["facts"]["due"]), f"xlsx {entry['activity']}: milestonesDue")

# LibreOffice opens the Word document; its first page as an image, for a person to look at.
os.makedirs(ARTEFACTS, exist_ok=True)
with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
    converted = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", out,
         os.path.join(FOLDER, "report.docx")], capture_output=True, text=True, timeout=180)
    pdf = os.path.join(out, "report.pdf")
    if converted.returncode != 0 or not os.path.exists(pdf):
        fail(f"soffice could not convert the document: {converted.stdout} {converted.stderr}")
    else:
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
        expect("pts (A4)" in info.stdout, f"PDF page: {info.stdout}")
        target = os.path.join(ARTEFACTS, "period-report")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, target], check=True)
        expect(os.path.getsize(target + ".png") > 1000, "the first page renders")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
