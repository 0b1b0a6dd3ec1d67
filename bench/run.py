#!/usr/bin/env python3
"""The mawp benchmark: mawp against the SQLite floor and Taskwarrior, in one run.

    python3 bench/run.py [--sizes 1000,10000,100000,1000000] [--runs 5] [--no-peer] [--out BENCHMARKS.md]

Builds mawp in release mode, generates deterministic plans (bench/generate.py) and loads them
with `mawp import`, then times whole processes with hyperfine (median of --runs runs after a
warm-up) and peak memory with /usr/bin/time:

- `mawp report --format json`, as of today and as of 2014-06-30, against the floor: the
  `sqlite3` shell running the report's own statements (bench/report.sql) on the same file;
- `mawp activity add` and `mawp milestone done` against the floor's single insert (the
  `sqlite3` shell inserting an activity in a BEGIN IMMEDIATE transaction, with mawp's
  `synchronous = EXTRA`);
- `mawp import` of each size (rate and peak memory);
- plan history: the report over the same plan after revisions (a tenth of the milestones
  rescheduled, a twentieth dropped: `generate.py --changed`) against the unchanged plan, and
  at 10k milestones `--as-recorded` and `--compare-to` against the plain report;
- the start-up of the CLI (`mawp --version`);
- Taskwarrior (`task summary`, `task add`, `task import` of the same plan) when `task` is
  installed, with TASKDATA and TASKRC in a temporary folder.

Writes the results to BENCHMARKS.md. Needs hyperfine, sqlite3, GNU time and taskwarrior from
Debian; run as root it installs what is missing, otherwise it says what to install.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", ".work")
PAST = "2014-06-30"
PACKAGES = {"hyperfine": "hyperfine", "sqlite3": "sqlite3", "/usr/bin/time": "time", "task": "taskwarrior"}


def sh(args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw).stdout


def ensure_tools(peer):
    missing = [pkg for tool, pkg in PACKAGES.items()
               if (tool != "task" or peer) and not (shutil.which(tool) or os.path.exists(tool))]
    if not missing:
        return
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + missing, check=True)
    else:
        sys.exit("bench: install these first: sudo apt-get install " + " ".join(missing))


# The release build of docs/architecture.md: the Swift runtime linked in, and a position-dependent
# executable (no start-up relocation of the runtime's metadata).
RELEASE_FLAGS = ["-c", "release", "--static-swift-stdlib", "-Xswiftc", "-Xclang-linker", "-Xswiftc", "-no-pie"]


def build():
    flags = RELEASE_FLAGS
    # The CLI alone: the server and its dependencies are not what this measures.
    subprocess.run(["swift", "build", "--product", "mawp"] + flags, cwd=ROOT, check=True)
    return os.path.join(sh(["swift", "build"] + flags + ["--show-bin-path"], cwd=ROOT).strip(), "mawp")


def hyperfine(commands, runs, prepare=None, warmup=1, shell=False):
    """Median seconds of each command."""
    out = os.path.join(WORK, "hyperfine.json")
    args = ["hyperfine", "--style", "none", "--warmup", str(warmup), "--runs", str(runs), "--export-json", out]
    if not shell:
        args.append("-N")
    if prepare:
        # With -N hyperfine runs no shell: the preparation is a shell command of its own.
        args += ["--prepare", prepare if shell else "sh -c '%s'" % prepare]
    result = subprocess.run(args + commands, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("hyperfine failed: %s%s" % (result.stdout, result.stderr))
    with open(out) as f:
        return [statistics.median(r["times"]) for r in json.load(f)["results"]]


def peak_kb(command, env=None):
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError("%s failed: %s" % (command, result.stderr))
    return int(result.stderr.strip().splitlines()[-1])


def floor_sql(name, as_of):
    path = os.path.join(WORK, name)
    with open(os.path.join(ROOT, "bench", "report.sql")) as f:
        statements = f.read()
    with open(path, "w") as f:
        f.write(".parameter init\n.parameter set ?1 \"'%s'\"\n.parameter set ?2 NULL\n.parameter set ?3 NULL\n" % as_of)
        f.write(".output /dev/null\n" + statements)
    return path


def task_env(folder):
    os.makedirs(folder, exist_ok=True)
    rc = os.path.join(folder, "taskrc")
    with open(rc, "w") as f:
        f.write("data.location=%s\nconfirmation=off\nverbose=nothing\ncolor=off\nhooks=off\n" % os.path.join(folder, "data"))
    env = dict(os.environ, TASKRC=rc, TASKDATA=os.path.join(folder, "data"))
    return env


def measure(mawp, size, runs, peer):
    row = {"size": size}
    plan = os.path.join(WORK, "plan-%d.json" % size)
    tasks = os.path.join(WORK, "tasks-%d.json" % size)
    if not os.path.exists(plan) or not os.path.exists(tasks):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(size), plan, "--tasks", tasks], check=True)
    db = os.path.join(WORK, "plan-%d.sqlite" % size)
    fresh = "rm -f {db} && {m} init --db {db} >/dev/null".format(db=db, m=mawp)

    # Import: median time, rate and peak memory.
    row["import"] = hyperfine(["%s import %s --db %s" % (mawp, plan, db)], runs=runs, prepare=fresh, warmup=1)[0]
    subprocess.run(fresh, shell=True, check=True)
    row["import_kb"] = peak_kb([mawp, "import", plan, "--db", db])

    # The whole plan as a spreadsheet: its time and peak memory (issue 22 §3: the same at every size).
    sheet = os.path.join(WORK, "export-%d.xlsx" % size)
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", mawp, "export", "--format", "xlsx", "--output", sheet, "--db", db],
                            capture_output=True, text=True)
    seconds, kb = result.stderr.strip().splitlines()[-1].split()
    row["xlsx"], row["xlsx_kb"] = float(seconds), int(kb)
    # A sheet longer than a spreadsheet (the event log from about 700k milestones) is refused,
    # after reading every row once: its memory is still measured.
    row["xlsx_bytes"] = os.path.getsize(sheet) if result.returncode == 0 else None
    row["xlsx_refusal"] = None if result.returncode == 0 else result.stderr.strip().splitlines()[0]
    if os.path.exists(sheet):
        os.remove(sheet)

    # The report against the floor, as of today and as of a past date.
    today = datetime.date.today().isoformat()
    row["report"], row["report_past"], row["floor"], row["floor_past"] = hyperfine([
        "%s report --format json --db %s" % (mawp, db),
        "%s report --format json --as-of %s --db %s" % (mawp, PAST, db),
        "sqlite3 %s \".read %s\"" % (db, floor_sql("floor-today.sql", today)),
        "sqlite3 %s \".read %s\"" % (db, floor_sql("floor-past.sql", PAST)),
    ], runs=max(runs, 10), warmup=2)
    row["report_kb"] = peak_kb([mawp, "report", "--format", "json", "--db", db])

    # Plan history: the same plan after three years of revisions, reported side by side with it.
    changed_plan = os.path.join(WORK, "plan-changed-%d.json" % size)
    if not os.path.exists(changed_plan):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(size), changed_plan, "--changed"], check=True)
    changed = os.path.join(WORK, "changed-%d.sqlite" % size)
    subprocess.run("rm -f {db} && {m} init --db {db} >/dev/null && {m} import {p} --db {db} >/dev/null".format(
        db=changed, m=mawp, p=changed_plan), shell=True, check=True)
    row["plain"], row["changed"], row["plain_past"], row["changed_past"] = hyperfine([
        "%s report --format json --db %s" % (mawp, db),
        "%s report --format json --db %s" % (mawp, changed),
        "%s report --format json --as-of %s --db %s" % (mawp, PAST, db),
        "%s report --format json --as-of %s --db %s" % (mawp, PAST, changed),
    ], runs=max(runs, 10), warmup=2)
    if size == 10000:
        # "Progress since the last meeting": a baseline, ten changes, then the plan as recorded at
        # the baseline and the comparison with it; and, the worst case, as recorded before the
        # import (nearly every event taken out again).
        subprocess.run([mawp, "baseline", "add", "meeting", "--db", changed], check=True, capture_output=True)
        for i in range(1, 6):
            subprocess.run([mawp, "milestone", "done", "data-%d.5" % i, "--on", "2015-06-01", "--db", changed], check=True, capture_output=True)
            subprocess.run([mawp, "milestone", "edit", "rights-%d.3" % i, "--due", "2015-12-01", "--on", "2015-05-01", "--db", changed],
                           check=True, capture_output=True)
        meeting = json.loads(sh([mawp, "baseline", "list", "--format", "json", "--db", changed]))["baselines"][0]["at"]
        row["history_report"], row["as_recorded"], row["compare_to"], row["as_recorded_start"] = hyperfine([
            "%s report --format json --db %s" % (mawp, changed),
            "%s report --format json --as-recorded %s --db %s" % (mawp, meeting, changed),
            "%s report --format json --compare-to meeting --db %s" % (mawp, changed),
            "%s report --format json --as-recorded 2016-01-05 --db %s" % (mawp, changed),
        ], runs=max(runs, 10), warmup=2)
        row["as_recorded_kb"] = peak_kb([mawp, "report", "--format", "json", "--as-recorded", "2016-01-05", "--db", changed])
        row["startup"] = hyperfine(["%s --version" % mawp], runs=max(runs, 20), warmup=3)[0]

    # Single writes against the floor's single insert, on a copy of the plan.
    copy = os.path.join(WORK, "write-%d.sqlite" % size)
    shutil.copyfile(db, copy)
    insert = os.path.join(WORK, "insert.sql")
    with open(insert, "w") as f:
        f.write("PRAGMA foreign_keys = ON;\nPRAGMA synchronous = EXTRA;\nBEGIN IMMEDIATE;\n"
                "INSERT INTO activity (group_id, number, title) VALUES (2, (SELECT max(number) + 1 FROM activity WHERE group_id = 2), 'Bench');\n"
                "COMMIT;\n")
    row["add"], row["floor_insert"] = hyperfine([
        "%s activity add data Bench --by bench --db %s" % (mawp, copy),
        "sqlite3 %s \".read %s\"" % (copy, insert),
    ], runs=max(runs, 10), warmup=2)
    row["done"] = hyperfine(["%s milestone done data-1.1 --on 2014-06-01 --by bench --db %s" % (mawp, copy)],
                            runs=max(runs, 10), warmup=0,
                            prepare="%s milestone reopen data-1.1 --on 2014-06-01 --by bench --db %s >/dev/null" % (mawp, copy))[0]
    row["add_kb"] = peak_kb([mawp, "activity", "add", "data", "Bench", "--by", "bench", "--db", copy])
    subprocess.run([mawp, "milestone", "reopen", "data-1.1", "--on", "2014-06-01", "--db", copy], check=True, capture_output=True)
    row["done_kb"] = peak_kb([mawp, "milestone", "done", "data-1.1", "--on", "2014-06-01", "--db", copy])

    if peer:
        folder = os.path.join(WORK, "task-%d" % size)
        env = task_env(folder)
        data = env["TASKDATA"]
        prepare = "rm -rf %s && mkdir -p %s" % (data, data)
        # hyperfine passes its environment on: TASKRC and TASKDATA point into the work folder.
        os.environ.update(TASKRC=env["TASKRC"], TASKDATA=data)
        row["task_import"] = hyperfine(["task import %s" % tasks], runs=runs, prepare=prepare, warmup=0, shell=True)[0]
        subprocess.run(prepare, shell=True, check=True)
        subprocess.run(["task", "import", tasks], check=True, capture_output=True, env=env)
        row["task_summary"], row["task_add"] = hyperfine(["task summary", "task add Bench project:data"],
                                                          runs=max(runs, 10), warmup=2)
    return row


def ms(seconds):
    return "%.1f ms" % (seconds * 1000) if seconds < 10 else "%.1f s" % seconds


def write_report(rows, out, mawp, runs, peer):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) // 1024 // 1024
    commit = sh(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT).strip()
    dirty = " (with uncommitted changes)" if sh(["git", "status", "--porcelain"], cwd=ROOT).strip() else ""
    versions = [sh([mawp, "--version"]).strip(), sh(["sqlite3", "--version"]).split()[0]]
    if peer:
        versions.append(sh(["task", "--version"]).strip())
    lines = [
        "# mawp benchmarks",
        "",
        "Made by `python3 bench/run.py` (see docs/architecture.md). Whole processes, medians of at least %d runs after a warm-up"
        " (hyperfine), peak resident memory from `/usr/bin/time`; ratios are taken within this one run." % runs,
        "",
        "- Machine: %s, %d cores, %d GiB, %s %s" % (cpu, os.cpu_count(), mem, platform.system(), platform.release()),
        "- Date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "- Commit: %s%s" % (commit, dirty),
        "- Versions: mawp %s (release build: static Swift runtime, no PIE), SQLite %s%s" % (versions[0], versions[1],
                                                                              ", Taskwarrior " + versions[2] if peer else ""),
        "- Plans: `bench/generate.py` (seed 2013): five groups, ten milestones per activity, about 40% done, some reopened,"
        " the rest overdue; loaded with `mawp import`. Taskwarrior gets the same milestones as tasks.",
        "",
        "## Report",
        "",
        "`mawp report --format json` against the floor (the `sqlite3` shell running `bench/report.sql`, the report's own"
        " statements, on the same file) and against `task summary`.",
        "",
        "| milestones | mawp (today) | floor (today) | mawp/floor | mawp (%s) | floor (%s) | mawp/floor | task summary | task/mawp |" % (PAST, PAST),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        task = (ms(r["task_summary"]), "%.1f×" % (r["task_summary"] / r["report"])) if "task_summary" in r else ("—", "—")
        lines.append("| %s | %s | %s | %.2f | %s | %s | %.2f | %s | %s |" % (
            "{:,}".format(r["size"]), ms(r["report"]), ms(r["floor"]), r["report"] / r["floor"],
            ms(r["report_past"]), ms(r["floor_past"]), r["report_past"] / r["floor_past"], task[0], task[1]))
    lines += [
        "",
        "## Single changes",
        "",
        "One `mawp activity add` and one `mawp milestone done` (each a `BEGIN IMMEDIATE` transaction with its event-log row)"
        " against the floor's single insert (the `sqlite3` shell inserting an activity in a `BEGIN IMMEDIATE` transaction"
        " with the same `synchronous = EXTRA`), and `task add`.",
        "",
        "| milestones | activity add | milestone done | floor insert | add/floor | done/floor | peak memory (add, done) | task add |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append("| %s | %s | %s | %s | %.2f | %.2f | %.1f MB, %.1f MB | %s |" % (
            "{:,}".format(r["size"]), ms(r["add"]), ms(r["done"]), ms(r["floor_insert"]), r["add"] / r["floor_insert"],
            r["done"] / r["floor_insert"], r["add_kb"] / 1024, r["done_kb"] / 1024,
            ms(r["task_add"]) if "task_add" in r else "—"))
    lines += [
        "",
        "## Import",
        "",
        "| milestones | mawp import | milestones/s | peak memory | task import | tasks/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        peer_cells = (ms(r["task_import"]), "{:,.0f}".format(r["size"] / r["task_import"])) if "task_import" in r else ("—", "—")
        lines.append("| %s | %s | %s | %.1f MB | %s | %s |" % (
            "{:,}".format(r["size"]), ms(r["import"]), "{:,.0f}".format(r["size"] / r["import"]), r["import_kb"] / 1024,
            peer_cells[0], peer_cells[1]))
    lines += [
        "",
        "## Spreadsheet export",
        "",
        "`mawp export --format xlsx --output FILE`: the whole plan (activities, milestones, indicators and the event log), each"
        " sheet's rows read from the plan as they are written (twice: once for the column widths, once to write them).",
        "",
        "| milestones | time | peak memory | file |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        made = "%.1f MB" % (r["xlsx_bytes"] / 1e6) if r["xlsx_bytes"] is not None else "refused: %s" % r["xlsx_refusal"]
        lines.append("| %s | %.2f s | %.1f MB | %s |" % ("{:,}".format(r["size"]), r["xlsx"], r["xlsx_kb"] / 1024, made))
    lines += [
        "",
        "## Plan history",
        "",
        "`mawp report --format json` over the plan after revisions (`generate.py --changed`: a tenth of the milestones"
        " rescheduled, a quarter of those twice, and a twentieth dropped) against the same plan unchanged, as of today and"
        " as of %s." % PAST,
        "",
        "| milestones | unchanged | changed | changed/unchanged | unchanged (%s) | changed (%s) | changed/unchanged |" % (PAST, PAST),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append("| %s | %s | %s | %.2f | %s | %s | %.2f |" % (
            "{:,}".format(r["size"]), ms(r["plain"]), ms(r["changed"]), r["changed"] / r["plain"],
            ms(r["plain_past"]), ms(r["changed_past"]), r["changed_past"] / r["plain_past"]))
    history = [r for r in rows if "as_recorded" in r]
    for r in history:
        lines += [
            "",
            "At %s milestones (the changed plan, then a baseline named and ten changes made: five milestones done, five"
            " rescheduled), the report as recorded at the baseline (the ten changes taken out of a copy in memory), compared"
            " with it (`--compare-to`: both reports and the list of changes), and, the worst case, as recorded before the plan"
            " was imported (nearly every event taken out), against the plain report:" % "{:,}".format(r["size"]),
            "",
            "| report | --as-recorded (baseline) | ratio | --compare-to (baseline) | ratio | --as-recorded (before the import) | ratio | peak memory (worst) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            "| %s | %s | %.2f | %s | %.2f | %s | %.2f | %.1f MB |" % (
                ms(r["history_report"]), ms(r["as_recorded"]), r["as_recorded"] / r["history_report"], ms(r["compare_to"]),
                r["compare_to"] / r["history_report"], ms(r["as_recorded_start"]), r["as_recorded_start"] / r["history_report"],
                r["as_recorded_kb"] / 1024),
            "",
            "Start-up of the CLI (`mawp --version`): %s." % ms(r["startup"]),
        ]
    lines += ["", "## Against the bars of DESIGN §7", ""]
    worst_report = max(max(r["report"] / r["floor"], r["report_past"] / r["floor_past"]) for r in rows)
    lines.append("- Report within 1.5× of the floor: worst ratio %.2f → %s." % (worst_report, "met" if worst_report <= 1.5 else "**missed**"))
    if peer:
        slow = [r for r in rows if r["task_summary"] <= r["report"]]
        ten = [r for r in rows if r["size"] >= 10000 and r["task_summary"] < 10 * r["report"]]
        lines.append("- Faster than `task summary` at every size: %s." % ("met" if not slow else "**missed** at " + ", ".join(str(r["size"]) for r in slow)))
        lines.append("- At least 10× faster from 10k milestones up: %s." % ("met" if not ten else "**missed** at " + ", ".join(str(r["size"]) for r in ten)))
    worst_write = max(max(r["add"], r["done"]) / r["floor_insert"] for r in rows)
    peak_write = max(max(r["add_kb"], r["done_kb"]) for r in rows) / 1024
    lines.append("- A single add or done within 2× of the floor's insert: worst ratio %.2f → %s; under 20 MB: peak %.1f MB → %s." % (
        worst_write, "met" if worst_write <= 2 else "**missed**", peak_write, "met" if peak_write < 20 else "**missed**"))
    slowest = min(r["size"] / r["import"] for r in rows)
    lines.append("- Import at 100,000 milestones/s or more (200,000 the aim): slowest %s/s → %s; peak memory %s." % (
        "{:,.0f}".format(slowest), "met" if slowest >= 100000 else "**missed**",
        ", ".join("%.1f MB" % (r["import_kb"] / 1024) for r in rows)))
    xlsx_peaks = [r["xlsx_kb"] / 1024 for r in rows]
    lines.append("- The xlsx export's memory the same at every size: %s → %s." % (
        ", ".join("%.1f MB" % peak for peak in xlsx_peaks),
        "met" if max(xlsx_peaks) <= 1.5 * min(xlsx_peaks) else "**missed**"))
    worst_history = max(max(r["changed"] / r["plain"], r["changed_past"] / r["plain_past"]) for r in rows)
    lines.append("- A changed plan's report within 1.2× of the unchanged plan's: worst ratio %.2f → %s." % (
        worst_history, "met" if worst_history <= 1.2 else "**missed**"))
    for r in history:
        worst = max(r["as_recorded"], r["compare_to"], r["as_recorded_start"]) / r["history_report"]
        lines.append("- `--as-recorded` and `--compare-to` at %s milestones within 10× of the plain report: worst %.2f → %s." % (
            "{:,}".format(r["size"]), worst, "met" if worst <= 10 else "**missed**"))
    lines.append("")
    notes = os.path.join(ROOT, "bench", "NOTES.md")
    if os.path.exists(notes):
        lines += [open(notes).read().rstrip(), ""]
    # Sections other scripts write (bench/server.py, bench/period.py's table) or measured by hand
    # are kept as they were: every section of the file whose title this script does not write.
    if os.path.exists(out):
        import re
        previous = open(out).read()
        # (The notes come in as one piece of several lines: their headings count too.)
        written = {line for piece in lines for line in piece.split("\n") if line.startswith("## ")}
        for match in re.finditer(r"^(## [^\n]*)\n.*?(?=^## |\Z)", previous, flags=re.S | re.M):
            if match.group(1) not in written:
                lines += [match.group(0).rstrip("\n"), ""]
    with open(out, "w") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peer", action="store_true", help="leave Taskwarrior out")
    parser.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    args = parser.parse_args()
    peer = not args.no_peer
    os.makedirs(WORK, exist_ok=True)
    ensure_tools(peer)
    mawp = build()
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        print("bench: %d milestones" % size, flush=True)
        rows.append(measure(mawp, size, args.runs, peer))
        print("bench: " + json.dumps(rows[-1]), flush=True)
    write_report(rows, args.out, mawp, args.runs, peer)
    print("bench: wrote " + args.out)


if __name__ == "__main__":
    main()
