#!/usr/bin/env python3
"""Deterministic synthetic plans for the benchmark.

    generate.py MILESTONES OUT.json [--tasks OUT-tasks.json] [--changed] [--per-activity N] [--period] [--un]

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

--un makes the plan of the whole UN system instead of the GMG's (issue 22 §2, for
bench/load.py): 60 agencies (the sixteen seeded and 44 other UN entities, all of the kind that
may lead a group) and 200 results groups (five per country team, each with two co-chairs),
written into the file's "agencies" and "groups" sections; the activities are spread over the
200 groups as they are over the five otherwise, each led by one of the 60 with up to two
partners. `generate.py 1000000 un.json --un --period` is the plan of bench/load.py: 100,000
activities, 1,000,000 milestones and an update for nearly every activity. Without --un the
output is byte for byte what it was before the option existed.
"""
import datetime
import json
import random
import sys

GROUPS = ["mainstreaming", "data", "rights", "capacity", "decent-work"]
AGENCIES = ["ILO", "IOM", "OHCHR", "UNCTAD", "UNDESA", "UNDP", "UNESCO", "UNFPA", "UNHCR", "UNICEF",
            "UNITAR", "UNODC", "UNRC", "UNWOMEN", "WHO", "WORLDBANK"]
# --un: the UN system's entities beyond the sixteen seeded ones (code, name), and the results
# groups of a country team (the five areas of the 2030 Agenda).
UN_AGENCIES = [
    ("FAO", "Food and Agriculture Organization of the United Nations"), ("IFAD", "International Fund for Agricultural Development"),
    ("UNIDO", "United Nations Industrial Development Organization"), ("WFP", "World Food Programme"),
    ("UNEP", "United Nations Environment Programme"), ("UNHABITAT", "United Nations Human Settlements Programme"),
    ("UNAIDS", "Joint United Nations Programme on HIV/AIDS"), ("UNOPS", "United Nations Office for Project Services"),
    ("UNCDF", "United Nations Capital Development Fund"), ("UNV", "United Nations Volunteers"),
    ("OCHA", "Office for the Coordination of Humanitarian Affairs"), ("ITC", "International Trade Centre"),
    ("ITU", "International Telecommunication Union"), ("IAEA", "International Atomic Energy Agency"),
    ("WMO", "World Meteorological Organization"), ("UPU", "Universal Postal Union"),
    ("UNWTO", "World Tourism Organization"), ("ICAO", "International Civil Aviation Organization"),
    ("IMO", "International Maritime Organization"), ("WIPO", "World Intellectual Property Organization"),
    ("IMF", "International Monetary Fund"), ("UNDRR", "United Nations Office for Disaster Risk Reduction"),
    ("UNMAS", "United Nations Mine Action Service"), ("UNRWA", "United Nations Relief and Works Agency for Palestine Refugees"),
    ("DPPA", "Department of Political and Peacebuilding Affairs"), ("UNU", "United Nations University"),
    ("UNSSC", "United Nations System Staff College"), ("ECA", "Economic Commission for Africa"),
    ("ECE", "Economic Commission for Europe"), ("ECLAC", "Economic Commission for Latin America and the Caribbean"),
    ("ESCAP", "Economic and Social Commission for Asia and the Pacific"), ("ESCWA", "Economic and Social Commission for Western Asia"),
    ("UNFCCC", "United Nations Framework Convention on Climate Change"), ("UNCCD", "United Nations Convention to Combat Desertification"),
    ("CBD", "Convention on Biological Diversity"), ("UNOOSA", "United Nations Office for Outer Space Affairs"),
    ("UNOCT", "United Nations Office of Counter-Terrorism"), ("DCO", "United Nations Development Coordination Office"),
    ("UNIDIR", "United Nations Institute for Disarmament Research"), ("UNRISD", "United Nations Research Institute for Social Development"),
    ("UNICRI", "United Nations Interregional Crime and Justice Research Institute"), ("IFC", "International Finance Corporation"),
    ("UNOSSC", "United Nations Office for South-South Cooperation"), ("OSAA", "Office of the Special Adviser on Africa"),
]
UN_AREAS = ["people", "prosperity", "planet", "peace", "partnership"]
UN_TEAMS = 40
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
    un = "--un" in sys.argv
    # The GMG's five groups and sixteen agencies, or with --un the UN system's 200 and 60.
    groups = ["ct%03d-%s" % (team, area) for team in range(1, UN_TEAMS + 1) for area in UN_AREAS] if un else GROUPS
    agencies = AGENCIES + [code for code, _ in UN_AGENCIES] if un else AGENCIES
    updates = random.Random(2014)
    rng = random.Random(2013)
    # The revisions draw from their own generator, so that the plan is the same either way.
    revisions = random.Random(2015)
    activities = max(1, milestones // per_activity)
    numbers = {g: 0 for g in groups}
    events = []
    tasks = []
    made = 0
    with open(out, "w") as f:
        f.write('{"format": "mawp", "version": %d, "generatedAt": "%s", "sample": false,\n'
                % (4 if period else 2 if changed else 1, RECORDED))
        if un:
            write_un_reference(f, groups, agencies)
        f.write('"activities": [\n')
        for index in range(activities):
            group = groups[index % len(groups)]
            numbers[group] += 1
            ref = "%s-%d" % (group, numbers[group])
            start = PLAN_START + datetime.timedelta(days=rng.randrange(0, 900))
            end = min(PLAN_END, start + datetime.timedelta(days=rng.randrange(180, 720)))
            # Ten milestones each (or --per-activity); the last activity takes what is left over.
            count = milestones - made if index == activities - 1 else per_activity
            lead = rng.choice(agencies)
            partners = sorted(set(rng.sample(agencies, rng.randrange(0, 3))) - {lead})
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
            write_period(f, numbers, updates, first=not events, groups=groups)
        f.write("\n]\n}\n")
    if tasks_out is not None:
        with open(tasks_out, "w") as f:
            json.dump(tasks, f, separators=(",", ":"))


STATUSES = ["not-started", "on-track", "at-risk", "off-track", "completed"]


def write_un_reference(f, groups, agencies):
    """--un: the 44 agencies beyond the seeded sixteen and the 200 results groups, as the
    file's "agencies" and "groups" sections (the import adds them before the activities).
    Each group has two co-chairs, drawn from the 60 with a generator of its own."""
    leads = random.Random(2030)
    f.write('"agencies": [\n')
    for index, (code, name) in enumerate(UN_AGENCIES):
        agency = {"code": code, "name": name, "kind": "gmg-member"}
        f.write(("" if index == 0 else ",\n") + json.dumps(agency, separators=(",", ":")))
    f.write('\n],\n"groups": [\n')
    for index, code in enumerate(groups):
        team, area = code.split("-")
        group = {"code": code, "kind": "working-group",
                 "name": "Results group on %s, UN country team %s" % (area, team[2:]),
                 "leads": [{"agency": agency, "role": "co-chair"} for agency in leads.sample(agencies, 2)]}
        f.write(("" if index == 0 else ",\n") + json.dumps(group, separators=(",", ":")))
    f.write('\n],\n')


def write_period(f, numbers, rng, first, groups=GROUPS):
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
    for group in groups:
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
