#!/usr/bin/env python3
"""Reads mawp's calendars as a calendar program would (the icalendar package, PyPI).

    check_ics.py BEFORE.ics AFTER.ics

BEFORE is the calendar of the sample plan's rights group; AFTER the same after rights-2.3 was
rescheduled and rights-3.2 dropped. Checks the lines (CRLF, folded at 75 octets), every event
(UID, an all-day date, SEQUENCE, STATUS), and what a calendar program sees change between
the two: the same UIDs, a higher SEQUENCE for the rescheduled one, CANCELLED for the dropped
one. Prints one line per failed check and exits 1 if any failed.
"""
import sys

import icalendar

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def events(path):
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    check(raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "%s: every line ends in CRLF" % path)
    check(all(len(line) <= 75 for line in lines), "%s: no line is longer than 75 octets" % path)
    calendar = icalendar.Calendar.from_ical(raw)
    check(str(calendar.get("VERSION")) == "2.0", "%s: VERSION 2.0" % path)
    found = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID"))
        check(uid.endswith("@mawp"), "%s: UID %s" % (path, uid))
        check(event.get("DTSTAMP") is not None, "%s: %s has a DTSTAMP" % (path, uid))
        start = event.decoded("DTSTART")
        check(not hasattr(start, "hour"), "%s: %s is an all-day event" % (path, uid))
        found[uid] = {"start": start, "sequence": int(event.get("SEQUENCE", 0)), "status": str(event.get("STATUS")),
                      "summary": str(event.get("SUMMARY")), "description": str(event.get("DESCRIPTION"))}
    return found


before, after = events(sys.argv[1]), events(sys.argv[2])
check(set(before) == set(after), "the same events, by UID")
moved = "rights-2.3@mawp"
check(after[moved]["sequence"] > before[moved]["sequence"], "a reschedule raises the SEQUENCE (%s → %s)" % (
    before[moved]["sequence"], after[moved]["sequence"]))
check(after[moved]["start"] != before[moved]["start"], "and moves the date")
dropped = "rights-3.2@mawp"
check(before[dropped]["status"] == "CONFIRMED" and after[dropped]["status"] == "CANCELLED", "a drop cancels the event")
check(all(after[uid]["sequence"] == before[uid]["sequence"] for uid in before if uid != moved), "the others keep their SEQUENCE")
check(any("(done)" in e["summary"] for e in after.values()), "a done milestone says so in its summary")
titled = [e for e in after.values() if "Toolkit; version 2, revised" in e["description"]]
check(len(titled) == 1, "an activity title with a comma and a semicolon reads back as written")
print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
