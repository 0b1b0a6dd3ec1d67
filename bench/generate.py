#!/usr/bin/env python3
"""Deterministic synthetic plans for the benchmark.

    generate.py MILESTONES OUT.json [--tasks OUT-tasks.json] [--changed]

Writes a mawp import file (JSON export format, one activity or event per line) with
MILESTONES milestones: five groups, ten milestones per activity, about 40% of them done,
some reopened (and some of those done again), the rest overdue once their due date has
passed. With --tasks, also writes the same plan as Taskwarrior import JSON (one task per
milestone, the group as project), for the peer comparison. With --changed, the same plan
after three years of revisions: a tenth of the milestones rescheduled (a fortieth of them
twice) and a twentieth dropped, at effective dates inside the plan period. The seed is fixed:
the same arguments always give the same files (the plan itself is the same with or without
--changed).
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
    rng = random.Random(2013)
    # The revisions draw from their own generator, so that the plan is the same either way.
    revisions = random.Random(2015)
    activities = max(1, milestones // 10)
    numbers = {g: 0 for g in GROUPS}
    events = []
    tasks = []
    made = 0
    with open(out, "w") as f:
        f.write('{"format": "mawp", "version": %d, "generatedAt": "%s", "sample": false,\n"activities": [\n' % (2 if changed else 1, RECORDED))
        for index in range(activities):
            group = GROUPS[index % len(GROUPS)]
            numbers[group] += 1
            ref = "%s-%d" % (group, numbers[group])
            start = PLAN_START + datetime.timedelta(days=rng.randrange(0, 900))
            end = min(PLAN_END, start + datetime.timedelta(days=rng.randrange(180, 720)))
            # Ten milestones each; the last activity takes what is left over.
            count = milestones - made if index == activities - 1 else 10
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
        f.write("\n]\n}\n")
    if tasks_out is not None:
        with open(tasks_out, "w") as f:
            json.dump(tasks, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
