#!/usr/bin/env python3
"""The compiled report of a period at scale, against its floor (issue 20 §10).

    python3 bench/period.py [--milestones 1000000] [--per-activity 100] [--runs 5]

Builds mawp in release mode (as bench/run.py does), generates a plan of MILESTONES milestones
in activities of PER-ACTIVITY milestones each, with the period 2014-H1 and an update for
nearly every activity (bench/generate.py --period), loads it with `mawp import`, then times
whole processes with hyperfine (median of --runs runs after a warm-up):

- `mawp period report 2014-H1` in every format (text, markdown, html and json to stdout;
  xlsx and docx to a file), and `--include-pending` in JSON;
- the floor: the `sqlite3` shell running the compiled report's own statements
  (bench/period-report.sql, kept equal to PlanStore.periodReportSQL by a test) on the same file;
- peak memory of each format (GNU time).

Prints a Markdown table with the ratios to the floor, for BENCHMARKS.md.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import ROOT, WORK, build, ensure_tools, hyperfine, peak_kb  # noqa: E402


def floor(db):
    """The floor's script: the period's dates and id as parameters, then the report's statements."""
    period = subprocess.run(["sqlite3", db, "SELECT id, from_on, to_on FROM reporting_period WHERE code = '2014-H1'"],
                            check=True, capture_output=True, text=True).stdout.strip().split("|")
    path = os.path.join(WORK, "floor-period.sql")
    with open(os.path.join(ROOT, "bench", "period-report.sql")) as f:
        statements = f.read()
    with open(path, "w") as f:
        f.write(".parameter init\n.parameter set ?1 \"'%s'\"\n.parameter set ?2 NULL\n.parameter set ?3 \"'%s'\"\n"
                ".parameter set ?4 NULL\n.parameter set ?5 %s\n.parameter set ?6 NULL\n.output /dev/null\n"
                % (period[2], period[1], period[0]))
        f.write(statements)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=1_000_000)
    parser.add_argument("--per-activity", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ensure_tools(peer=False)
    os.makedirs(WORK, exist_ok=True)
    mawp = build()
    plan = os.path.join(WORK, "period-%d-%d.json" % (args.milestones, args.per_activity))
    if not os.path.exists(plan):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(args.milestones), plan,
                        "--per-activity", str(args.per_activity), "--period"], check=True)
    db = os.path.join(WORK, "period-%d-%d.sqlite" % (args.milestones, args.per_activity))
    if not os.path.exists(db):
        subprocess.run([mawp, "init", "--db", db], check=True, capture_output=True)
        subprocess.run([mawp, "import", plan, "--db", db], check=True)
    out = os.path.join(WORK, "period-report")
    report = "%s period report 2014-H1 --db %s" % (mawp, db)
    commands = [
        ("text", report + " --format text"),
        ("markdown", report + " --format markdown"),
        ("html", report + " --format html"),
        ("json", report + " --format json"),
        ("json --include-pending", report + " --format json --include-pending"),
        ("xlsx", report + " --format xlsx --output %s.xlsx" % out),
        ("docx", report + " --format docx --output %s.docx" % out),
        ("floor (sqlite3)", "sqlite3 %s \".read %s\"" % (db, floor(db))),
    ]
    # hyperfine runs each command without a shell: stdout goes to /dev/null.
    times = hyperfine([command for _, command in commands], runs=args.runs, warmup=1)
    floor_time = times[-1]
    print("| %d milestones, %d activities | median | × floor | peak memory |" % (args.milestones, args.milestones // args.per_activity))
    print("| --- | ---: | ---: | ---: |")
    for (name, command), seconds in zip(commands, times):
        kb = peak_kb(["sh", "-c", command + " > /dev/null"])
        print("| `%s` | %.0f ms | %.2f | %.0f MB |" % (name, seconds * 1000, seconds / floor_time, kb / 1024))


if __name__ == "__main__":
    main()
