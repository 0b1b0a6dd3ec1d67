#!/usr/bin/env python3
"""Reliability trials that need many processes, signals or a namespace: run by .ci/run.

    python3 reliability/run.py [--mawp PATH] [--trials 30] [--out RELIABILITY.md]

Each trial runs the real `mawp` binary (default: the debug build of `swift build`) in a
temporary folder and checks the database afterwards with SQLite and `mawp check`:

- concurrent writers: 8 processes × 250 changes (activity add, milestone done) at once;
- kill -9 at random moments during a large import, and during a migration;
- SIGINT during an import;
- a busy database: the sqlite3 shell holding a write lock;
- a full disk: a tiny tmpfs in a private mount namespace (`unshare -m`), large enough for a
  new plan and its copy (768 KB), not for an import of 10,000 milestones;
- mawp-server under concurrent load (16 clients), killed with -9 at a random moment under
  load, and stopped with SIGTERM under load: every acknowledged write is in the file.

Prints one line per guarantee and, last, "N passed, M failed"; exits 1 when anything failed.
With --out, also writes the figures into that Markdown file between its
"<!-- figures:begin -->" and "<!-- figures:end -->" markers.
"""
import argparse
import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = []  # (name, trials, failures, detail)


def run(mawp, *args, db=None, env=None, check=False):
    cmd = [mawp] + list(args) + (["--db", db] if db else [])
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), result.stderr))
    return result


def sound(mawp, db):
    """mawp check passes and SQLite agrees."""
    result = run(mawp, "check", db=db)
    if result.returncode != 0:
        return False, result.stderr.strip()
    with sqlite3.connect(db) as conn:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return False, "integrity_check failed"
    return True, ""


def count(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def record(name, trials, failures, detail=""):
    RESULTS.append((name, trials, failures, detail))
    print("%s %s: %d trials, %d failures%s" % ("ok  " if failures == 0 else "FAIL", name, trials, failures,
                                                ("; " + detail) if detail else ""), flush=True)


# MARK: - Concurrent writers

def concurrent_writers(mawp, work):
    db = os.path.join(work, "concurrent.sqlite")
    run(mawp, "init", db=db, check=True)
    # Eight activities with 125 milestones each, for the "done" half of the changes.
    plan = os.path.join(work, "concurrent.csv")
    with open(plan, "w") as f:
        f.write("activity,activityTitle,milestone,milestoneTitle\n")
        for w in range(8):
            for k in range(1, 126):
                f.write("data-%d,Writer %d,data-%d.%d,Step %d\n" % (w + 1, w, w + 1, k, k))
    run(mawp, "import", plan, db=db, check=True)
    events_before = count(db, "SELECT count(*) FROM event")
    failures = []
    env = dict(os.environ, MAWP_BUSY_TIMEOUT="30000")

    def writer(w):
        for k in range(1, 126):
            for args in (["activity", "add", "rights", "By writer %d, %d" % (w, k), "--by", "writer-%d" % w],
                         ["milestone", "done", "data-%d.%d" % (w + 1, k), "--on", "2014-06-01", "--by", "writer-%d" % w]):
                result = run(mawp, *args, db=db, env=env)
                if result.returncode != 0:
                    failures.append("%s: %s" % (" ".join(args), result.stderr.strip()))

    started = time.time()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    problems = list(failures[:3])
    events = count(db, "SELECT count(*) FROM event") - events_before
    if events != 2000:
        problems.append("%d events instead of 2000" % events)
    added = count(db, "SELECT count(*) FROM activity a JOIN work_group g ON g.id = a.group_id WHERE g.code = 'rights'")
    if added != 1000 or count(db, "SELECT max(number) FROM activity WHERE group_id = (SELECT id FROM work_group WHERE code = 'rights')") != 1000:
        problems.append("rights has %d activities, not rights-1 to rights-1000" % added)
    if count(db, "SELECT count(*) FROM milestone WHERE done_on IS NOT NULL") != 1000:
        problems.append("not every milestone is done")
    ok, why = sound(mawp, db)
    if not ok:
        problems.append(why)
    record("8 concurrent writers × 250 changes", 2000, len(failures) + (0 if len(problems) == len(failures[:3]) else 1),
           "%.1f s; %s" % (elapsed, "; ".join(problems) if problems else "2000 changes, 2000 events, references unique"))


# MARK: - kill -9

def plan_file(work, milestones):
    path = os.path.join(work, "plan-%d.json" % milestones)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(milestones), path], check=True)
    return path


def kill_during_import(mawp, work, trials, milestones):
    plan = plan_file(work, milestones)
    base = os.path.join(work, "kill-base.sqlite")
    run(mawp, "init", db=base, check=True)
    db = os.path.join(work, "kill.sqlite")
    shutil.copy(base, db)
    started = time.time()
    run(mawp, "import", plan, db=db, check=True)
    duration = time.time() - started
    rng = random.Random(9)
    failures, outcomes, journals = [], {"none": 0, "all": 0}, 0
    for trial in range(trials):
        shutil.copy(base, db)
        # umask 000: the journal must still be owner-only (it takes the database's mode).
        process = subprocess.Popen([mawp, "import", plan, "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   preexec_fn=lambda: os.umask(0))
        time.sleep(rng.uniform(0, duration * 1.1))
        process.kill()
        process.wait()
        journal = db + "-journal"
        if os.path.exists(journal):
            journals += 1
            mode = os.stat(journal).st_mode & 0o777
            if mode != 0o600:
                failures.append("trial %d: the journal is %o, not 600" % (trial, mode))
        ok, why = sound(mawp, db)  # opening rolls a hot journal back
        milestones_now = count(db, "SELECT count(*) FROM milestone")
        if milestones_now == 0:
            outcomes["none"] += 1
        elif milestones_now == milestones:
            outcomes["all"] += 1
        else:
            failures.append("trial %d: %d milestones, neither none nor all" % (trial, milestones_now))
        if not ok:
            failures.append("trial %d: %s" % (trial, why))
    record("kill -9 during an import of %d milestones" % milestones, trials, len(failures),
           "; ".join(failures[:3]) or "%d rolled back, %d applied whole; %d hot journals, all owner-only under umask 000" % (
               outcomes["none"], outcomes["all"], journals))


def fnv(text):
    data = text.replace("\r\n", "\n").encode()
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def old_database(path, upto):
    """A database as an older mawp left it: migrations 1…upto applied."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA application_id = %d" % 0x4D415750)
    conn.execute("CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT")
    folder = os.path.join(ROOT, "migrations")
    for name in sorted(os.listdir(folder))[:upto]:
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        version, label = int(name[:4]), name[5:-4]
        conn.executescript("BEGIN;" + text + ";COMMIT;")
        conn.execute("INSERT INTO schema_migration VALUES (?, ?, ?, '2014-01-01T00:00:00.000Z')", (version, label, fnv(text)))
        conn.execute("PRAGMA user_version = %d" % version)
    conn.close()


def kill_during_migration(mawp, work, trials):
    latest = len([n for n in os.listdir(os.path.join(ROOT, "migrations")) if n.endswith(".sql")])
    base = os.path.join(work, "old.sqlite")
    old_database(base, 2)
    db = os.path.join(work, "migrating.sqlite")
    rng = random.Random(11)
    failures, versions = [], {}
    for trial in range(trials):
        shutil.copy(base, db)
        process = subprocess.Popen([mawp, "report", "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 0.03))
        process.kill()
        process.wait()
        with sqlite3.connect(db) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                failures.append("trial %d: integrity" % trial)
                continue
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            recorded = conn.execute("SELECT count(*) FROM schema_migration").fetchone()[0]
            has_indicators = conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'indicator'").fetchone()[0]
        versions[version] = versions.get(version, 0) + 1
        if recorded != version or (has_indicators == 1) != (version >= 4):
            failures.append("trial %d: version %d with %d migrations recorded" % (trial, version, recorded))
        result = run(mawp, "report", db=db)  # finishes the upgrade
        if result.returncode != 0 or count(db, "PRAGMA user_version") != latest:
            failures.append("trial %d: the upgrade did not finish: %s" % (trial, result.stderr.strip()))
    record("kill -9 during a migration", trials, len(failures),
           "; ".join(failures[:3]) or "schema versions left: " + ", ".join("%d×%d" % (n, v) for v, n in sorted(versions.items())))


# MARK: - SIGINT, busy, disk full

def interrupt_import(mawp, work, trials, milestones):
    plan = plan_file(work, milestones)
    base = os.path.join(work, "int-base.sqlite")
    run(mawp, "init", db=base, check=True)
    db = os.path.join(work, "int.sqlite")
    rng = random.Random(13)
    failures, interrupted = [], 0
    for trial in range(trials):
        shutil.copy(base, db)
        before = open(db, "rb").read()
        process = subprocess.Popen([mawp, "import", plan, "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(2)
        out, err = process.communicate()
        if process.returncode == 130:
            interrupted += 1
            if open(db, "rb").read() != before:
                failures.append("trial %d: interrupted but the database changed" % trial)
            if "interrupted" not in err:
                failures.append("trial %d: no message" % trial)
        elif process.returncode == 0:
            if count(db, "SELECT count(*) FROM milestone") != milestones:
                failures.append("trial %d: finished but incomplete" % trial)
        else:
            failures.append("trial %d: exit %d: %s" % (trial, process.returncode, err.strip()))
    record("SIGINT during an import", trials, len(failures),
           "; ".join(failures[:3]) or "%d interrupted (exit 130, file byte-identical), %d finished first" % (interrupted, trials - interrupted))


def busy_database(mawp, work):
    db = os.path.join(work, "busy.sqlite")
    run(mawp, "init", db=db, check=True)
    run(mawp, "activity", "add", "data", "Existing", db=db, check=True)
    before = open(db, "rb").read()
    holder = subprocess.Popen(["sqlite3", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    holder.stdin.write("BEGIN IMMEDIATE;\nINSERT INTO agency (code, name) VALUES ('HELD', 'x');\nSELECT 'locked';\n")
    holder.stdin.flush()
    holder.stdout.readline()
    env = dict(os.environ, MAWP_BUSY_TIMEOUT="700")
    started = time.time()
    write = run(mawp, "activity", "add", "data", "Blocked", db=db, env=env)
    waited = time.time() - started
    read = run(mawp, "report", "--format", "json", db=db, env=env)
    holder.stdin.write("ROLLBACK;\n.quit\n")
    holder.stdin.flush()
    holder.wait()
    problems = []
    if write.returncode != 75 or "busy" not in write.stderr or write.stdout:
        problems.append("the writer exited %d: %s" % (write.returncode, write.stderr.strip()))
    if waited < 0.7:
        problems.append("the writer gave up after %.2f s, before its timeout" % waited)
    if read.returncode != 0:
        problems.append("a reader was blocked: %s" % read.stderr.strip())
    if open(db, "rb").read() != before:
        problems.append("the database changed")
    if run(mawp, "activity", "add", "data", "Now", db=db).returncode != 0:
        problems.append("the write failed once the lock was gone")
    record("busy database (sqlite3 shell holding BEGIN IMMEDIATE)", 1, 1 if problems else 0,
           "; ".join(problems) or "writer waited %.2f s then exit 75, nothing written; reader not blocked" % waited)


def disk_full(mawp, work):
    folder = os.path.join(work, "tiny")
    os.makedirs(folder, exist_ok=True)
    plan = plan_file(work, 10000)
    script = """
set -e
mount -t tmpfs -o size=768k tmpfs "$1" || { echo "no-mount"; exit 1; }
"$2" init --db "$1/plan.sqlite" >/dev/null
cp "$1/plan.sqlite" "$1/before.sqlite"
set +e
"$2" import "$3" --db "$1/plan.sqlite" >/dev/null 2>"$1/err"; code=$?
set -e
echo "exit=$code"
cat "$1/err"
cmp "$1/plan.sqlite" "$1/before.sqlite" && echo "unchanged"
mount -o remount,size=64m "$1"
"$2" import "$3" --db "$1/plan.sqlite" >/dev/null && echo "retry=ok"
"$2" check --db "$1/plan.sqlite" >/dev/null && echo "check=ok"
"""
    result = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", folder, mawp, plan], capture_output=True, text=True)
    if result.returncode != 0 and "exit=" not in result.stdout:
        # Only a machine that cannot make the namespace or mount the tmpfs skips the trial; the
        # trial's own steps failing (a new plan that no longer fits beside its copy) is a failure.
        if "no-mount" in result.stdout or "unshare" in result.stderr:
            record("disk full (tmpfs in a mount namespace)", 0, 0, "not run here: %s" % (result.stderr.strip() or "unshare failed"))
        else:
            record("disk full (tmpfs in a mount namespace)", 1, 1, "the trial could not set up: %s" % result.stderr.strip())
        return
    out = result.stdout
    problems = []
    if "exit=74" not in out:
        problems.append("expected exit 74: " + out.strip().replace("\n", " "))
    if "unchanged" not in out:
        problems.append("the database changed")
    if "retry=ok" not in out or "check=ok" not in out:
        problems.append("the same import did not succeed once there was space")
    record("disk full (tmpfs in a mount namespace)", 1, 1 if problems else 0,
           "; ".join(problems) or "exit 74, old data intact, the same import succeeded after the remount")


# MARK: - The server

class ServerLoad:
    """`clients` threads posting new indicator values to a running mawp-server as fast as they
    can; each acknowledged (2xx) value is remembered."""

    def __init__(self, port, token, clients):
        import http.client
        self.http = http.client
        self.port, self.token, self.clients = port, token, clients
        self.acknowledged, self.lock, self.stop = [], threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n,)) for n in range(clients)]

    def client(self, number):
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            value = "%d" % (number * 10_000_000 + sequence)
            body = '{"value": %s, "on": "2015-06-30"}' % value
            try:
                conn = self.http.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("POST", "/api/v1/indicators/data-1.i1/values", body=body,
                             headers={"Content-Type": "application/json", "Authorization": "Bearer " + self.token})
                status = conn.getresponse().status
                conn.close()
            except OSError:
                return  # the server went away
            if 200 <= status < 300:
                with self.lock:
                    self.acknowledged.append(value)

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def server_plan(mawp, work, name):
    db = os.path.join(work, name + ".sqlite")
    run(mawp, "init", db=db, check=True)
    run(mawp, "activity", "add", "data", "Load", "--lead", "UNDESA", db=db, check=True)
    run(mawp, "indicator", "add", "data-1", "Values", "--target", "1000000000", db=db, check=True)
    subprocess.run([mawp, "user", "add", "load", "--agency", "IOM", "--role", "admin", "--password-stdin", "--db", db],
                   input="a long enough password\n", check=True, capture_output=True, text=True)
    token = subprocess.run([mawp, "token", "create", "load", "--db", db], check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    return db, token


def start_server(server, db):
    process = subprocess.Popen([server, "--db", db, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=dict(os.environ, LOG_LEVEL="error"))
    line = process.stdout.readline()
    return process, int(line.strip().rsplit(":", 1)[1])


def recorded_values(db):
    with sqlite3.connect(db) as conn:
        # A unit indicator's value is stored as a number.
        return {str(row[0]) for row in conn.execute(
            "SELECT CAST(json_extract(details, '$.value') AS INTEGER) FROM event WHERE kind = 'indicator.recorded'")}


def server_trials(mawp, server, work, trials):
    """Every acknowledged write is in the file: under load, after kill -9 and after SIGTERM."""
    for name, how, count in [("mawp-server under 16 concurrent clients", "none", 1),
                             ("kill -9 of mawp-server under load", "kill", max(5, trials // 3)),
                             ("SIGTERM to mawp-server under load", "term", max(3, trials // 10))]:
        failures, acknowledged, details = 0, 0, []
        for trial in range(count):
            db, token = server_plan(mawp, work, "server-%s-%d" % (how, trial))
            process, port = start_server(server, db)
            load = ServerLoad(port, token, 16)
            # Warm up the token (its first check runs bcrypt) before the load.
            import urllib.request
            urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:%d/api/v1/report" % port,
                                                          headers={"Authorization": "Bearer " + token})).read()
            load.start()
            time.sleep(random.uniform(0.5, 2.0) if how == "kill" else 2.0)
            if how == "kill":
                process.kill()
                exit_code = process.wait()
            elif how == "term":
                process.terminate()
                exit_code = process.wait(timeout=30)
            load.finish()
            if how == "none":
                process.terminate()
                exit_code = process.wait(timeout=30)
            missing = [value for value in load.acknowledged if value not in recorded_values(db)]
            ok, why = sound(mawp, db)
            acknowledged += len(load.acknowledged)
            if missing or not ok or (how != "kill" and exit_code != 0):
                failures += 1
                details.append("trial %d: %d acknowledged writes missing, exit %s %s" % (trial, len(missing), exit_code, why))
        record(name, count, failures, "; ".join(details) or "%d acknowledged writes, all in the file; mawp check passes" % acknowledged)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wrk_requests(port, path, seconds, connections=16):
    """wrk against the server for `seconds`; the number of requests it made (0 without wrk)."""
    if not shutil.which("wrk"):
        return 0
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", "%ds" % seconds, "--latency",
                          "http://127.0.0.1:%d%s" % (port, path)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "requests in" in line:
            return int(line.split()[0])
    return 0


def anonymous_flood(mawp, server, work, seconds=15):
    """A flood of visitors who never sign in costs the server no memory: the sign-in page
    (whose form token is signed, not stored) and /healthz, with wrk; RSS may not grow by
    more than 10 MB once warm."""
    name = "memory under anonymous traffic (wrk, /sign-in and /healthz)"
    if not shutil.which("wrk"):
        record(name, 0, 0, "not run here: wrk is not installed")
        return
    db, _ = server_plan(mawp, work, "flood")
    process, port = start_server(server, db)
    try:
        wrk_requests(port, "/sign-in", 2)  # warm: the first answers allocate what stays
        before = rss_kb(process.pid)
        sign_in = wrk_requests(port, "/sign-in", seconds)
        health = wrk_requests(port, "/healthz", seconds)
        after = rss_kb(process.pid)
        alive = process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        sessions = conn.execute("SELECT count(*) FROM web_session").fetchone()[0]
    grown = (after - before) / 1024
    problems = []
    if grown > 10:
        problems.append("RSS grew by %.1f MB" % grown)
    if sessions:
        problems.append("%d sessions stored for visitors" % sessions)
    if not alive:
        problems.append("the server stopped")
    record(name, 1, 1 if problems else 0, "; ".join(problems) or
           "%d GET /sign-in and %d GET /healthz: RSS %.1f MB before, %.1f MB after (%+.1f MB); no session stored"
           % (sign_in, health, before / 1024, after / 1024, grown))


def crash_trial(mawp, server, work):
    """No input stops the server: extreme numbers, dates and text through the API (each refused
    with the database unchanged, or kept), then values no check would let in written into the
    file with SQL (as from before the checks), then every page and report format read; the
    process must answer them all without a 5xx and still be up; `mawp check` stays sound
    after the refusals."""
    import http.client
    name = "extreme values through the API, then every view (the crash trial)"
    db, token = server_plan(mawp, work, "crash")
    run(mawp, "indicator", "add", "data-1", "Overflow", "--baseline=-5", "--target=-1", db=db, check=True)
    process, port = start_server(server, db)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}

    def call(method, path, body=None, accept="application/json"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(method, path, body=body, headers=dict(headers, Accept=accept))
        reply = conn.getresponse()
        reply.read()
        conn.close()
        return reply.status

    problems, refused, shown = [], 0, 0
    bodies = ['{"value": %s}' % v for v in ["1e18", "1e17", "-1e308", "1e308", "1e400", "5e-324", "-0", '"0x10"', '"inf"', '"nan"', "true"]]
    bodies += ['{"value": 1, "on": "%s"}' % d for d in ["9999-12-31", "0001-01-01", "1899-12-31"]]
    bodies += ['{"value": 1, "note": "a\u0000b"}', '{"value": 1, "note": "bell\u0007"}', b'{"value": 1, "note": "\xff\xfe"}']
    try:
        for body in bodies:
            before = open(db, "rb").read()
            status = call("POST", "/api/v1/indicators/data-1.i1/values", body)
            if status >= 500:
                problems.append("%s: %d" % (body, status))
            elif status >= 400:
                refused += 1
                if open(db, "rb").read() != before:
                    problems.append("%s refused (%d) but the file changed" % (body, status))
        ok, why = sound(mawp, db)
        if not ok:
            problems.append("check after the refusals: " + why)
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE indicator SET target = -1e308 WHERE number = 2")
            conn.execute("UPDATE indicator SET baseline = 1e18, target = 9e307 WHERE number = 1")
        paths = [("/api/v1/report", a) for a in ["application/json", "text/csv", "text/markdown", "text/html",
                                                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]]
        paths += [("/api/v1/activities/data-1", "application/json"), ("/api/v1/indicators", "application/json"),
                  ("/api/v1/report?group=data", "text/markdown"), ("/api/v1/slippage", "text/html"), ("/api/v1/log", "application/json")]
        for path, accept in paths:
            status = call("GET", path, accept=accept)
            shown += 1
            if status >= 500:
                problems.append("GET %s (%s): %d" % (path, accept, status))
        if process.poll() is not None:
            problems.append("the server stopped (exit %s)" % process.returncode)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
    record(name, len(bodies) + shown, len(problems), "; ".join(problems[:3]) or
           "%d of %d hostile bodies refused with the file unchanged, the rest kept; %d reads of stored 1e18, -1e308 and 9e307 "
           "in every format answered; the server stayed up" % (refused, len(bodies), shown))


def write_figures(path):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = ["| trial | runs | failures | figures |", "| --- | ---: | ---: | --- |"]
    for name, trials, failures, detail in RESULTS:
        rows.append("| %s | %d | %d | %s |" % (name, trials, failures, detail.replace("|", "/")))
    block = "<!-- figures:begin -->\nLatest run: %s, `python3 reliability/run.py`.\n\n%s\n<!-- figures:end -->" % (stamp, "\n".join(rows))
    text = open(path).read()
    start, end = text.index("<!-- figures:begin -->"), text.index("<!-- figures:end -->") + len("<!-- figures:end -->")
    open(path, "w").write(text[:start] + block + text[end:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mawp", default=os.path.join(ROOT, ".build", "debug", "mawp"))
    parser.add_argument("--server", default=os.path.join(ROOT, ".build", "debug", "mawp-server"))
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--milestones", type=int, default=50000)
    parser.add_argument("--out")
    args = parser.parse_args()
    mawp = os.path.abspath(args.mawp)
    work = tempfile.mkdtemp(prefix="mawp-reliability-")
    try:
        concurrent_writers(mawp, work)
        kill_during_import(mawp, work, args.trials, args.milestones)
        kill_during_migration(mawp, work, args.trials)
        interrupt_import(mawp, work, max(10, args.trials // 3), args.milestones)
        busy_database(mawp, work)
        disk_full(mawp, work)
        server_trials(mawp, os.path.abspath(args.server), work, args.trials)
        anonymous_flood(mawp, os.path.abspath(args.server), work)
        crash_trial(mawp, os.path.abspath(args.server), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        write_figures(args.out)
    failed = sum(1 for _, _, failures, _ in RESULTS if failures)
    print("%d passed, %d failed" % (len(RESULTS) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
