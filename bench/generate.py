#!/usr/bin/env python3
"""Deterministic synthetic plans for the benchmark.

    generate.py MILESTONES OUT.json [--tasks OUT-tasks.json] [--changed] [--per-activity N] [--period]

Writes a mawp import file (JSON export format, one activity or event per line) with
MILESTONES milestones: five groups, ten milestones per activity, about 40% of them done,
some reopened (and some of those done again), the rest overdue once their due date has
passed. With --tasks, also writes the same plan as Taskwarrior import JSON (one task per
milestone, the group as project), for the peer comparison. With --changed, the same plan
after three years of revisions: a tenth of the milestones rescheduled (a fortieth of them
twice) and a twentieth dropped, at effective dates inside the plan period. The seed is fixed:
the same arguments always give the same files (the plan itself is the same with or without
--changed). --per-activity N gives each activity N milestones instead of ten. --period adds
the reporting period 2014-H1 and a progress update for nearly every activity: four in five
approved (written, submitted, approved by another user), one in ten submitted, one in twenty a
draft, the rest missing; each with a few paragraphs of text.
"""
import datetime
import json
import random
import sys

GROUPS = ["mainstreaming", "data", "rights", "capacity", "decent-work"]
AGENCIES = ["ILO", "IOM", "OHCHR", "UNCTAD", "UNDESA", "UNDP", "UNESCO", "UNFPA", "UNHCR", "UNICEF",
            "UNITAR", "UNODC", "UNRC", "UNWOMEN", "WHO", "WORLDBANK"]
PLAN_START = datetime.date(2013, 1, 1)
PLAN_END = datetime.date(2015, 12, 31)
RECORDED = "2016-01-04T09:00:00.000Z"


def day(d):
    return d.isoformat()


def main():
    milestones = int(sys.argv[1])
    out = sys.argv[2]
    tasks_out = sys.argv[sys.argv.index("--tasks") + 1] if "--tasks" in sys.argv else None
    changed = "--changed" in sys.argv
    per_activity = int(sys.argv[sys.argv.index("--per-activity") + 1]) if "--per-activity" in sys.argv else 10
    period = "--period" in sys.argv
    updates = random.Random(2014)
    rng = random.Random(2013)
    # The revisions draw from their own generator, so that the plan is the same either way.
    revisions = random.Random(2015)
    activities = max(1, milestones // per_activity)
    numbers = {g: 0 for g in GROUPS}
    events = []
    tasks = []
    made = 0
    with open(out, "w") as f:
        f.write('{"format": "mawp", "version": %d, "generatedAt": "%s", "sample": false,\n"activities": [\n'
                % (4 if period else 2 if changed else 1, RECORDED))
        for index in range(activities):
            group = GROUPS[index % len(GROUPS)]
            numbers[group] += 1
            ref = "%s-%d" % (group, numbers[group])
            start = PLAN_START + datetime.timedelta(days=rng.randrange(0, 900))
            end = min(PLAN_END, start + datetime.timedelta(days=rng.randrange(180, 720)))
            # Ten milestones each (or --per-activity); the last activity takes what is left over.
            count = milestones - made if index == activities - 1 else per_activity
            lead = rng.choice(AGENCIES)
            partners = sorted(set(rng.sample(AGENCIES, rng.randrange(0, 3))) - {lead})
            agenda = sorted(rng.sample(range(1, 9), rng.randrange(1, 3)))
            span = (end - start).days
            items = []
            for k in range(1, count + 1):
                due = start + datetime.timedelta(days=span * k // count)
                mref = "%s.%d" % (ref, k)
                items.append({"ref": mref, "title": "Milestone %d of %s" % (k, ref), "due": day(due)})
                if changed:
                    draw = revisions.random()
                    if draw < 0.10:
                        # Rescheduled once (a quarter of them twice), effective a month or two before.
                        old = due
                        for _ in range(2 if draw < 0.025 else 1):
                            new = old + datetime.timedelta(days=revisions.randrange(-30, 120))
                            on = max(PLAN_START, old - datetime.timedelta(days=revisions.randrange(20, 60)))
                            events.append((mref, ref, group, "milestone.edited", on, {"old": {"due": day(old)}, "new": {"due": day(new)}}))
                            old = new
                    elif draw < 0.15:
                        on = PLAN_START + datetime.timedelta(days=revisions.randrange(0, 1000))
                        events.append((mref, ref, group, "milestone.dropped", on, None))
                done = None
                if rng.random() < 0.40:
                    done = max(start, due - datetime.timedelta(days=rng.randrange(0, 60)))
                    events.append((mref, ref, group, "milestone.done", done, None))
                    if rng.random() < 0.05:
                        reopened = done + datetime.timedelta(days=rng.randrange(10, 100))
                        events.append((mref, ref, group, "milestone.reopened", reopened, None))
                        done = None
                        if rng.random() < 0.5:
                            done = reopened + datetime.timedelta(days=rng.randrange(5, 60))
                            events.append((mref, ref, group, "milestone.done", done, None))
                if tasks_out is not None:
                    task = {"description": "Milestone %d of %s" % (k, ref), "project": group,
                            "status": "completed" if done else "pending", "entry": "20130101T000000Z",
                            "due": due.strftime("%Y%m%dT000000Z"), "uuid": "%08x-0000-4000-8000-%012x" % (made + k, made + k)}
                    if done:
                        task["end"] = done.strftime("%Y%m%dT000000Z")
                    tasks.append(task)
            made += count
            activity = {"ref": ref, "title": "Activity %d of the %s group" % (numbers[group], group),
                        "description": None, "lead": lead, "partners": partners, "start": day(start),
                        "end": day(end), "agenda": agenda, "cancelledOn": None, "milestones": items,
                        "indicators": []}
            f.write(("" if index == 0 else ",\n") + json.dumps(activity, separators=(",", ":")))
        f.write('\n],\n"events": [\n')
        for index, (mref, ref, group, kind, on, values) in enumerate(events):
            event = {"kind": kind, "on": day(on), "recordedAt": RECORDED, "by": "bench", "group": group,
                     "activity": ref, "milestone": mref, "details": dict({"ref": mref}, **(values or {}))}
            f.write(("" if index == 0 else ",\n") + json.dumps(event, separators=(",", ":")))
        if period:
            write_period(f, numbers, updates, first=not events)
        f.write("\n]\n}\n")
    if tasks_out is not None:
        with open(tasks_out, "w") as f:
            json.dump(tasks, f, separators=(",", ":"))


STATUSES = ["not-started", "on-track", "at-risk", "off-track", "completed"]


def write_period(f, numbers, rng, first):
    """The period 2014-H1 and an update for nearly every activity, as their events."""
    on = day(datetime.date(2014, 7, 10))

    def event(kind, values, ref=None, group=None, note=None):
        record = {"kind": kind, "on": on, "recordedAt": RECORDED, "by": values.pop("by", "secretariat"), "period": "2014-H1",
                  "details": values}
        if ref:
            record.update(group=group, activity=ref)
        if note:
            record["note"] = note
        return record

    records = [event("period.added", {"code": "2014-H1", "title": "First half of 2014", "from": "2014-01-01", "to": "2014-06-30",
                                      "deadline": "2014-07-15"})]
    for group in GROUPS:
        for number in range(1, numbers[group] + 1):
            ref = "%s-%d" % (group, number)
            draw = rng.random()
            if draw >= 0.95:
                continue
            text = {"status": rng.choice(STATUSES),
                    "achievements": "The work of %s went ahead in the period.\n\nIts partners met twice." % ref,
                    "challenges": "Funding arrived late.", "nextSteps": "Finish the remaining milestones."}
            records.append(event("update.written", {"by": "writer", "period": "2014-H1", "ref": ref,
                                                    "old": {"status": None, "achievements": "", "challenges": "", "nextSteps": ""},
                                                    "new": text}, ref, group))
            if draw < 0.90:
                records.append(event("update.submitted", {"by": "writer", "ref": ref, "period": "2014-H1"}, ref, group))
            if draw < 0.80:
                records.append(event("update.approved", {"by": "reviewer", "ref": ref, "period": "2014-H1"}, ref, group))
    for index, record in enumerate(records):
        f.write(("" if first and index == 0 else ",\n") + json.dumps(record, separators=(",", ":")))


if __name__ == "__main__":
    main()
