#!/usr/bin/env python3
"""The server benchmark (DESIGN section 7), in one run:

    python3 bench/server.py [--duration 10] [--out BENCHMARKS.md] [--bin DIR]

Builds mawp and mawp-server in release mode (or, with --bin DIR, takes DIR/mawp and
DIR/mawp-server as they are), loads the benchmark's plans (bench/generate.py)
with `mawp import`, adds an admin and a token, starts the server on a free loopback port and
loads it with wrk (Debian's wrk) from a second process:

- `GET /api/v1/report` at 1k milestones against the same server's `/healthz` (the HTTP floor),
  16 connections: requests per second and the 99th percentile of latency;
- acknowledged writes, `POST /api/v1/indicators/{ref}/values` (a new value each time: each is a
  committed transaction), against the `sqlite3` shell committing single-row transactions one
  by one at the same `synchronous = EXTRA`;
- the server's peak memory (VmHWM) after loading the report at 100k milestones.

Writes the results into the "## Server" section of BENCHMARKS.md (replacing an earlier one).

    python3 bench/server.py --anonymous [--requests 500000]

    python3 bench/server.py --single-flight [--duration 20]

measures the 100k report under a write every second (issue 22 §3): the time of one computation
(a write, then one request alone, five times), then wrk's 16 connections on the report while
another client writes once a second, each write making the next request compute it anew; and
writes the "## Server: the 100k report under writes" section.

    python3 bench/server.py --anonymous [--requests 500000]

measures instead the server's memory under anonymous traffic: its RSS before and after
`--requests` `GET /sign-in` (each gives a visitor a signed form token, nothing stored) and as
many `GET /healthz`, with wrk, and writes the "## Server memory under anonymous traffic"
section.

    python3 bench/server.py --peer redmine [--peer-db sqlite|postgresql|both] [--duration 10] [--rounds 3]
                            [--peer-sqlite-timeout MS] [--peer-milestones 1000]

measures mawp-server beside Redmine from Debian's packages (issue 22 §1; not part of CI): the
1k plan in mawp and, through bench/peer/redmine.py, in a Redmine instance of a scratch folder
for each database (both by default: SQLite as Debian's template configures it, and a
PostgreSQL cluster of its own), served by puma with 2 workers × 5 threads. Then, the servers
in turn (mawp-server, then each Redmine, for each measure, `--rounds` times; the median of
each figure given): the cold start (exec to the first answer of one item), and with wrk one
item, a group's progress, Redmine's leanest count of it, the whole plan's progress and a
write that is a real change each time (milestones marked done or reopened; issues closed or
reopened); then each server's memory (RSS and PSS, puma's master and workers together) and
the bytes of each answer. Writes the "## Server beside Redmine" section. It needs `apt-get install redmine redmine-sqlite
redmine-pgsql puma postgresql` (it says what is missing) and cleans up every process it
started, on failure and Ctrl-C too. One run with --duration 5 takes about five minutes.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import run  # noqa: E402  (the CLI benchmark's build flags and plan generator)
sys.path.insert(0, os.path.join(ROOT, "bench", "peer"))
import redmine as peer_redmine  # noqa: E402  (Redmine from Debian's packages, for --peer redmine)

WRITE_SCRIPT = """
local counter = 0
local thread_id = 0
setup = function(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local body = string.format('{"value": %d, "on": "2015-06-30"}', id * 100000000 + counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer TOKEN"}, body)
end
"""


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def anonymous(options):
    """RSS before and after `requests` anonymous GET /sign-in and GET /healthz."""
    mawp, server = binaries(options)
    work = tempfile.mkdtemp(prefix="mawp-server-bench-")
    rows = []
    try:
        db, _ = prepare(mawp, 1000, work)
        process, port = start(server, db)
        base = "http://127.0.0.1:%d" % port
        subprocess.run(["curl", "-s", "-o", "/dev/null", base + "/sign-in"], check=True)
        start_kb = rss_kb(process.pid)
        for path in ["/sign-in", "/healthz"]:
            # wrk runs for a time, not a count: a short run gives the rate, and the long one lasts
            # long enough for at least `requests` at that rate.
            rate, _, _ = wrk(base + path, duration=3)
            seconds = int(options.requests / max(rate, 1) * 1.15) + 1
            before = rss_kb(process.pid)
            rate, p99, non2xx = wrk(base + path, duration=seconds)
            after = rss_kb(process.pid)
            rows.append((path, int(rate * seconds), seconds, rate, p99, non2xx, before / 1024, after / 1024, (after - before) / 1024))
        end_kb = rss_kb(process.pid)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        with __import__("sqlite3").connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM web_session").fetchone()[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        "## Server memory under anonymous traffic",
        "",
        "Made by `python3 bench/server.py --anonymous` (%s, commit %s, %s): the release `mawp-server` over a 1k-milestone plan,"
        " its RSS (VmRSS) read before and after each load of wrk (2 threads, 16 connections, run long enough for the number of requests)." % (
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit, os.uname().nodename),
        "",
        "| load | requests | seconds | requests/s | p99 | non-2xx | RSS before | RSS after | growth |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ] + ["| `GET %s` | %d | %.0f | %.0f | %.2f ms | %d | %.1f MB | %.1f MB | %+.1f MB |" % row for row in rows] + [
        "",
        "- Bar: RSS may not grow by more than 10 MB over both loads: %+.1f MB → %s." % (
            (end_kb - start_kb) / 1024, "met" if end_kb - start_kb <= 10 * 1024 else "**missed**"),
        "- Sessions stored for the visitors: %d (a visitor's form token is signed, not stored)." % stored,
        "",
    ]
    section = "\n".join(lines)
    write_section(options.out, "## Server memory under anonymous traffic", section)
    print(section)


def write_section(out, heading, section):
    """Puts `section` (which begins with `heading`) into the file `out`, in place of an earlier
    one with that heading, else at its end: the other sections stay as they are."""
    text = open(out).read() if os.path.exists(out) else "# mawp benchmarks\n\n"
    earlier = re.compile(r"%s\n.*?(?=\n## |\Z)" % re.escape(heading), flags=re.S)
    if earlier.search(text):
        text = earlier.sub(lambda _: section.rstrip("\n") + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(out, "w") as file:
        file.write(text)


def binaries(options):
    """mawp and mawp-server: those in --bin DIR when given, else a release build."""
    if options.bin:
        found = [os.path.join(options.bin, name) for name in ["mawp", "mawp-server"]]
        for path in found:
            if not os.access(path, os.X_OK):
                sys.exit("bench/server.py: no executable %s (--bin)" % path)
        return found[0], found[1]
    return build(options.scratch_path)


def build(scratch=None):
    flags = run.RELEASE_FLAGS + (["--scratch-path", scratch] if scratch else [])
    for product in ["mawp", "mawp-server"]:
        subprocess.run(["swift", "build", "--product", product] + flags, cwd=ROOT, check=True)
    folder = subprocess.run(["swift", "build"] + flags + ["--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    return os.path.join(folder, "mawp"), os.path.join(folder, "mawp-server")


def wrk(url, token=None, script=None, duration=10, connections=16, with_max=False):
    args = ["wrk", "-t%d" % min(2, connections), "-c%d" % connections, "-d%ds" % duration, "--latency"]
    if token:
        args += ["-H", "Authorization: Bearer " + token]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result = (rate, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0)
    if with_max:
        # "Latency   avg   stdev   max   +/- stdev"
        latency = re.search(r"Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s)", out)
        return result + (float(latency.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[latency.group(2)],)
    return result


def start(server, db):
    process = subprocess.Popen([server, "--db", db, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=dict(os.environ, LOG_LEVEL="warning"))
    line = process.stdout.readline()
    port = int(line.strip().rsplit(":", 1)[1])
    return process, port


def peak_memory_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def strace_counts(path):
    """The calls per system call of an `strace -c` summary."""
    counts = {}
    with open(path) as summary:
        for line in summary:
            fields = line.split()
            if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
                counts[fields[-1]] = int(fields[3])
    return counts


def write_profile(server_pid, url, token, work, writes=300):
    """The system calls of `writes` acknowledged writes, one client one at a time (strace -c on
    the server), against those of as many of the floor's commits (strace -c on the shell)."""
    import http.client
    from urllib.parse import urlparse
    where = urlparse(url)
    summary = os.path.join(work, "server.strace")
    tracer = subprocess.Popen(["strace", "-f", "-c", "-o", summary, "-p", str(server_pid)], stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    for n in range(writes):
        body = '{"value": %d, "on": "2015-06-30"}' % (900000000 + n)
        conn.request("POST", where.path, body=body, headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
        reply = conn.getresponse()
        reply.read()
        if reply.status != 200:
            raise RuntimeError("write answered %d" % reply.status)
    conn.close()
    tracer.send_signal(signal.SIGINT)
    tracer.wait(timeout=30)
    server = strace_counts(summary)
    floor_db = os.path.join(work, "profile-floor.sqlite")
    script = os.path.join(work, "profile-floor.sql")
    with open(script, "w") as file:
        file.write("PRAGMA synchronous = EXTRA;\nCREATE TABLE IF NOT EXISTS bench_floor (x INTEGER);\n")
        file.write("".join("BEGIN IMMEDIATE; INSERT INTO bench_floor (x) VALUES (%d); COMMIT;\n" % i for i in range(writes)))
    floor_summary = os.path.join(work, "floor.strace")
    subprocess.run(["strace", "-f", "-c", "-o", floor_summary, "sqlite3", floor_db, ".read " + script], check=True,
                   stderr=subprocess.DEVNULL)
    floor = strace_counts(floor_summary)
    # The floor's set-up (the table, the first commit's file) is under one commit's worth: left in.
    return {name: (server.get(name, 0) / writes, floor.get(name, 0) / writes) for name in set(server) | set(floor)}


def floor_commits(db, count=2000):
    """The sqlite3 shell committing `count` single-row transactions one by one."""
    statements = ["PRAGMA synchronous = EXTRA;", "CREATE TABLE IF NOT EXISTS bench_floor (x INTEGER);"]
    statements += ["BEGIN IMMEDIATE; INSERT INTO bench_floor (x) VALUES (%d); COMMIT;" % i for i in range(count)]
    script = os.path.join(os.path.dirname(db), "floor.sql")
    with open(script, "w") as file:
        file.write("\n".join(statements) + "\n")
    start_time = time.monotonic()
    subprocess.run(["sqlite3", db, ".read " + script], check=True)
    return count / (time.monotonic() - start_time)


def prepare(mawp, size, work):
    plan = os.path.join(work, "plan-%d.json" % size)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(size), plan], check=True)
    db = os.path.join(work, "server-%d.sqlite" % size)
    subprocess.run([mawp, "init", "--db", db], check=True, capture_output=True)
    subprocess.run([mawp, "import", plan, "--db", db], check=True, capture_output=True)
    subprocess.run([mawp, "indicator", "add", "data-1", "Bench values", "--target", "1000000000", "--db", db], check=True,
                   capture_output=True)
    subprocess.run([mawp, "user", "add", "bench", "--agency", "IOM", "--role", "admin", "--password-stdin", "--db", db],
                   input="bench password, long enough\n", check=True, capture_output=True, text=True)
    token = subprocess.run([mawp, "token", "create", "bench", "--db", db], check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    return db, token


def single_flight(options):
    """The 100k report with 16 connections while a write lands every second."""
    import threading
    import urllib.request
    mawp, server = binaries(options)
    work = tempfile.mkdtemp(prefix="mawp-server-bench-")
    try:
        db, token = prepare(mawp, 100000, work)
        process, port = start(server, db)
        base = "http://127.0.0.1:%d" % port
        headers = {"Authorization": "Bearer " + token}
        counter = [0]

        def write():
            counter[0] += 1
            body = ('{"value": %d, "on": "2015-06-30"}' % counter[0]).encode()
            request = urllib.request.Request(base + "/api/v1/indicators/data-1.i1/values", data=body, method="POST",
                                             headers=dict(headers, **{"Content-Type": "application/json"}))
            urllib.request.urlopen(request).read()

        def report():
            urllib.request.urlopen(urllib.request.Request(base + "/api/v1/report", headers=headers)).read()

        report()  # a warm cache
        singles = []
        for _ in range(5):
            write()
            began = time.monotonic()
            report()
            singles.append((time.monotonic() - began) * 1000)
        single = sorted(singles)[len(singles) // 2]
        stop = threading.Event()

        def writer():
            while not stop.wait(1.0):
                write()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            loaded = wrk(base + "/api/v1/report", token=token, duration=options.duration, with_max=True)
        finally:
            stop.set()
            thread.join()
        writes = counter[0] - 5
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    ratio = loaded[1] / single
    lines = [
        "## Server: the 100k report under writes",
        "",
        "Made by `python3 bench/server.py --single-flight` (%s, commit %s): the release `mawp-server` over the benchmark's"
        " plan of 100k milestones; wrk from a second process (2 threads, 16 connections, %d s) on `GET /api/v1/report`"
        " while another client records an indicator value once a second (%d writes), each of which makes the report"
        " stale." % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit, options.duration, writes),
        "",
        "| measure | value |",
        "| --- | ---: |",
        "| one computation of the report, alone (median of 5, each after a write) | %.0f ms |" % single,
        "| requests/s under the writes | %.1f |" % loaded[0],
        "| p99 latency under the writes | %.0f ms |" % loaded[1],
        "| slowest request under the writes | %.0f ms |" % loaded[3],
        "| non-2xx | %d |" % loaded[2],
        "",
        "- p99 under 3× one computation (issue 22 §3, single flight): %.2f× → %s." % (ratio, "met" if ratio < 3 else "**missed**"),
        "",
        "Each write makes the next requests miss the cache: with single flight one of them computes the report and the"
        " others asking at that moment wait for its answer (before it, issue 22 measured p99 1.8 s at an earlier commit,"
        " each of the 16 connections computing it). Most requests find the report kept, so p99 can be below one"
        " computation; the slowest request says what waiting for one costs under the load.",
        "",
    ]
    section = "\n".join(lines)
    write_section(options.out, "## Server: the 100k report under writes", section)
    print(section)


# --peer redmine (issue 22 §1): mawp-server beside Redmine from Debian's packages, with the same
# plan. Each measure is a list of requests that wrk's Lua script goes round; for Redmine some
# answers take several requests (the pages of a list), and the table gives answers per second.

PEER_MEASURES = [
    ("item", "one item"),
    ("group", "a group's progress"),
    ("counts", "a group's progress, Redmine counting only"),
    ("plan", "the whole plan's progress"),
    ("write", "a write, each a real change"),
]

# Both scripts count the answers that are not 2xx by their status (each thread its own, added up
# at the end) and print them on a line of their own: "statuses 500=12 503=1".
STATUS_COUNTS = """
local threads = {}
local thread_id = 0
setup = function(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end
statuses = {}
response = function(status, headers, body)
  if status < 200 or status > 299 then statuses[status] = (statuses[status] or 0) + 1 end
end
done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  local line = "statuses"
  for status, count in pairs(total) do line = line .. " " .. status .. "=" .. count end
  io.write(line .. "\\n")
end
"""

CYCLE_SCRIPT = """
-- Written by bench/server.py --peer: wrk's threads go round the requests below, each from its own.
local headers = HEADERS
local requests = REQUESTS
""" + STATUS_COUNTS + """
local counter = nil
request = function()
  if counter == nil then counter = id end
  local r = requests[counter % #requests + 1]
  counter = counter + 1
  return wrk.format(r[1], r[2], headers, r[3])
end
"""

# Each item is {done, request that marks it done (closes it), request that reopens it}. Each
# thread takes its own items (the first thread the odd ones, the second the even ones) and goes
# round them, flipping each: every request is a change of what the server holds.
TOGGLE_SCRIPT = """
-- Written by bench/server.py --peer: every request flips one item, done <-> open.
local headers = HEADERS
local items = ITEMS
""" + STATUS_COUNTS + """
local mine = nil
local counter = 0
request = function()
  if mine == nil then
    mine = {}
    for index, item in ipairs(items) do
      if (index - 1) % 2 == id then table.insert(mine, item) end
    end
  end
  local item = mine[counter % #mine + 1]
  counter = counter + 1
  local r = item[1] and item[3] or item[2]
  item[1] = not item[1]
  return wrk.format(r[1], r[2], headers, r[3])
end
"""


def lua_value(value):
    """A Lua literal for a string (a JSON string is one, for ASCII), a bool, None or a list."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return "{" + ", ".join(lua_value(item) for item in value) + "}"


def lua_headers(headers):
    return "{" + ", ".join("[%s] = %s" % (json.dumps(k), json.dumps(v)) for k, v in headers.items()) + "}"


def get_json(url, headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as answer:
        return json.loads(answer.read())


def answer_bytes(base, requests, headers):
    """The bytes of the bodies of `requests` (GETs), one after the other."""
    total = 0
    for _, path, _ in requests:
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers), timeout=60) as answer:
            total += len(answer.read())
    return total


class MawpTarget:
    """mawp-server, with the interface of bench/peer/redmine.py's Redmine that the peer run uses."""

    label = "mawp-server"

    def __init__(self, server, db, token, processes, refs, groups):
        self.server, self.db, self.token, self.processes = server, db, token, processes
        self.refs = refs  # the milestones' refs, in the plan's order
        self.activities = list(dict.fromkeys(ref.rsplit(".", 1)[0] for ref in refs))
        self.groups = groups
        self.process = None
        self.port = None

    def headers(self):
        return {"Authorization": "Bearer " + self.token}

    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        """Starts the server; gives the seconds from its exec to the first answer of one activity."""
        self.port = peer_redmine.free_port()
        began = time.monotonic()
        self.process = self.processes.start([self.server, "--db", self.db, "--port", str(self.port)], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, env=dict(os.environ, LOG_LEVEL="warning"))
        return peer_redmine.time_to_answer(began, self.base() + "/api/v1/activities/" + self.activities[0], self.headers(),
                                           self.process)

    def stop(self):
        if self.process:
            self.processes.stop(self.process)
            self.process = None

    def pids(self):
        return [self.process.pid]

    def requests(self, measure):
        """The requests (method, path, body) wrk goes round for `measure`, and how many make one
        answer; None when mawp-server has no measure of its own (the counts)."""
        if measure == "item":
            return [("GET", "/api/v1/activities/" + ref, None) for ref in self.activities], 1
        if measure == "group":
            return [("GET", "/api/v1/report?group=" + code, None) for code in self.groups], 1
        if measure == "plan":
            return [("GET", "/api/v1/report", None)], 1
        if measure == "write":
            # Which milestones are done now (an earlier round flipped some), from the activities.
            done = {}
            for ref in self.activities:
                for milestone in get_json(self.base() + "/api/v1/activities/" + ref, self.headers())["milestoneList"]:
                    done[milestone["ref"]] = milestone["done"]
            body = json.dumps({"on": datetime.date.today().isoformat()})
            return [(done[ref], ("POST", "/api/v1/milestones/%s/done" % ref, body),
                     ("POST", "/api/v1/milestones/%s/reopen" % ref, body)) for ref in self.refs], 1
        return None

    def changes(self):
        """Changes recorded so far (events)."""
        out = subprocess.run(["sqlite3", "-cmd", ".timeout 10000", self.db, "SELECT count(*) FROM event"], check=True,
                             capture_output=True, text=True).stdout
        return int(out.strip())


class RedmineTarget:
    """A bench/peer/redmine.py Redmine, with the plan's issues and the peer run's requests."""

    def __init__(self, redmine, plan):
        self.redmine = redmine
        self.label = "Redmine (%s)" % {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[redmine.db]
        if redmine.db == "sqlite" and redmine.sqlite_timeout:
            self.label = "Redmine (SQLite, timeout %g s)" % (redmine.sqlite_timeout / 1000)
        self.issues = plan["issues"]
        self.groups = [group["code"] for group in plan["groups"]]

    def headers(self):
        return self.redmine.headers()

    def base(self):
        return self.redmine.base()

    def start(self):
        return self.redmine.start()

    def stop(self):
        self.redmine.stop()

    def pids(self):
        return self.redmine.pids()

    def requests(self, measure):
        # The REST API gives at most 100 issues a page (limit=100): a list is read page by page.
        if measure == "item":
            return [("GET", "/issues/%d.json" % issue["id"], None) for issue in self.issues], 1
        if measure == "group":
            pages = []
            for code in self.groups:
                count = sum(1 for issue in self.issues if issue["group"] == code)
                pages += [("GET", "/issues.json?project_id=%s&status_id=*&limit=100&offset=%d" % (code, offset), None)
                          for offset in range(0, count, 100)]
            return pages, len(pages) / len(self.groups)
        if measure == "counts":
            # The leanest client: total_count of three lists of one issue each (all, closed, open
            # and overdue, i.e. due before today as mawp counts it).
            yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
            queries = ["status_id=*", "status_id=c", "status_id=o&due_date=%3C%3D" + yesterday]
            return [("GET", "/issues.json?project_id=%s&%s&limit=1" % (code, query), None)
                    for code in self.groups for query in queries], len(queries)
        if measure == "plan":
            pages = [("GET", "/issues.json?status_id=*&limit=100&offset=%d" % offset, None)
                     for offset in range(0, len(self.issues), 100)]
            return pages, len(pages)
        if measure == "write":
            # Which issues are closed now (an earlier round flipped some).
            closed, offset = set(), 0
            while True:
                page = get_json(self.base() + "/issues.json?status_id=c&limit=100&offset=%d" % offset, self.headers())
                closed.update(issue["id"] for issue in page["issues"])
                offset += 100
                if offset >= page["total_count"]:
                    break
            statuses = self.redmine.statuses
            return [(issue["id"] in closed,
                     ("PUT", "/issues/%d.json" % issue["id"], json.dumps({"issue": {"status_id": statuses["closed"]}})),
                     ("PUT", "/issues/%d.json" % issue["id"], json.dumps({"issue": {"status_id": statuses["open"]}})))
                    for issue in self.issues], 1
        return None

    def changes(self):
        """Changes recorded so far (journals: one per issue update that changed something)."""
        return self.redmine.count("journals")


def wrk_script(base, script, duration):
    """wrk with a Lua script: requests per second, p99 (ms), requests, non-2xx, socket errors.
    wrk's timeout is 30 s, not 2 s, so that slow answers count in the latency, not as errors."""
    args = ["wrk", "-t2", "-c16", "-d%ds" % duration, "--latency", "--timeout", "30s", "-s", script, base]
    finished = subprocess.run(args, check=True, capture_output=True, text=True)
    if finished.stderr.strip():
        # wrk runs on with its plain GET / when the script fails: that is no measure.
        raise RuntimeError("wrk: %s" % finished.stderr.strip())
    out = finished.stdout
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    statuses = re.search(r"^statuses(.*)$", out, flags=re.M)
    return {"statuses": {int(k): int(v) for k, v in (item.split("=") for item in statuses.group(1).split())} if statuses else {},
            "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p99": float(p99.group(1)) * units[p99.group(2)] if p99 else float("nan"),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": sum(int(n) for n in errors.groups()) if errors else 0}


def run_measure(target, measure, work, duration):
    """One wrk run of `measure` on `target`, or None when it has none."""
    made = target.requests(measure)
    if made is None:
        return None
    requests, pages = made
    script = os.path.join(work, "peer.lua")
    with open(script, "w") as file:
        if measure == "write":
            headers = dict(target.headers(), **{"Content-Type": "application/json"})
            file.write(TOGGLE_SCRIPT.replace("HEADERS", lua_headers(headers))
                       .replace("ITEMS", lua_value([list(item) for item in requests])))
        else:
            file.write(CYCLE_SCRIPT.replace("HEADERS", lua_headers(target.headers()))
                       .replace("REQUESTS", lua_value([list(request) for request in requests])))
    result = wrk_script(target.base(), script, duration)
    # Answers per second count the 2xx only (a 500 for "database is locked" comes fast), and an
    # answer of several pages needs all of them.
    result["answers"] = result["rate"] * (result["requests"] - result["non2xx"]) / max(result["requests"], 1) / pages
    result["pages"] = pages
    return result


def median(values):
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def peer(options):
    """mawp-server beside Redmine: setup, cold starts, the loads interleaved, memory; writes the
    "## Server beside Redmine" section."""
    dbs = ["sqlite", "postgresql"] if options.peer_db == "both" else [options.peer_db]
    peer_redmine.check_packages(dbs)
    mawp, server = binaries(options)
    work = tempfile.mkdtemp(prefix="mawp-peer-bench-")
    processes = peer_redmine.Processes()
    # A SIGTERM ends the run as a Ctrl-C does: through the finally below, which stops everything.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.monotonic()
    load_average = os.getloadavg()[0]
    redmines, targets = [], []
    try:
        db, token = prepare(mawp, options.peer_milestones, work)
        groups = json.loads(subprocess.run([mawp, "group", "list", "--format", "json", "--db", db], check=True,
                                           capture_output=True, text=True).stdout)["groups"]
        plan, refs = peer_redmine.read_plan(os.path.join(work, "plan-%d.json" % options.peer_milestones),
                                            {group["code"]: group["name"] for group in groups})
        targets.append(MawpTarget(server, db, token, processes, refs, [group["code"] for group in plan["groups"]]))
        setups = {}
        for kind in dbs:
            print("Setting up Redmine on %s ..." % kind, flush=True)
            redmine = peer_redmine.Redmine(work, kind, processes, options.peer_sqlite_timeout)
            redmines.append(redmine)
            setups[kind] = redmine.setup(plan)
            targets.append(RedmineTarget(redmine, plan))

        # Cold start: exec to the first answer, the servers in turn, `rounds` times; the last
        # start of each stays up for the loads.
        starts = {target.label: [] for target in targets}
        for _ in range(options.rounds):
            for target in targets:
                target.stop()
                starts[target.label].append(target.start())
                print("cold start %-32s %.2f s" % (target.label, starts[target.label][-1]), flush=True)
        # Warm-up: each read once for a couple of seconds (Redmine's workers load lazily).
        for target in targets:
            for measure in ["item", "group", "counts", "plan"]:
                run_measure(target, measure, work, 2)

        # Bytes of one answer of each read (the first of each list: one activity or issue, one
        # group), before the writes (an activity's answer carries its history, which they lengthen).
        sizes = {}
        for target in targets:
            for measure in ["item", "group", "counts", "plan"]:
                made = target.requests(measure)
                if made:
                    requests, pages = made
                    sizes[(measure, target.label)] = answer_bytes(target.base(), requests[:int(round(pages))], target.headers())

        # The loads, interleaved: for each measure, mawp-server then each Redmine, `rounds` times.
        loads = {measure: {target.label: [] for target in targets} for measure, _ in PEER_MEASURES}
        changes = {target.label: [target.changes(), 0] for target in targets}
        for measure, _ in PEER_MEASURES:
            for _ in range(options.rounds):
                for target in targets:
                    result = run_measure(target, measure, work, options.duration)
                    if result is None:
                        continue
                    loads[measure][target.label].append(result)
                    if measure == "write":
                        changes[target.label][1] += result["requests"] - result["non2xx"]
                    print("%-7s %-32s %8.1f answers/s  p99 %8.2f ms  non-2xx %d %s  errors %d" % (
                        measure, target.label, result["answers"], result["p99"], result["non2xx"], result["statuses"] or "",
                        result["errors"]), flush=True)
        for target in targets:
            # Changes recorded during the writes beside the writes answered 2xx.
            changes[target.label][0] = target.changes() - changes[target.label][0]

        # Memory after the run: RSS (each process's resident pages; puma's workers share the
        # application the master loaded, so the sum counts those pages once per process) and
        # PSS (shared pages divided among the processes that share them).
        memory = {target.label: (peer_redmine.memory_kb(target.pids(), "VmRSS"), peer_redmine.memory_kb(target.pids(), "Pss"))
                  for target in targets}
        database_memory = {target.label: peer_redmine.memory_kb(target.redmine.postgres.pids(), "Pss")
                           for target in targets[1:] if target.redmine.postgres}
        for target in targets:
            target.stop()
    except Exception:
        # Redmine's logs go with the scratch folder: show their ends first.
        for redmine in redmines:
            for name in ["setup.log", "puma.log"]:
                path = os.path.join(redmine.folder, name)
                if os.path.exists(path):
                    with open(path, errors="replace") as file:
                        sys.stderr.write("--- end of %s\n%s\n" % (path, "".join(file.readlines()[-25:])))
        raise
    finally:
        for redmine in redmines:
            redmine.close()
        processes.stop_all()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - began
    write_peer_section(options, targets, setups, starts, loads, changes, memory, database_memory, sizes, seconds, load_average)


def write_peer_section(options, targets, setups, starts, loads, changes, memory, database_memory, sizes, seconds, load_average):
    mawp = targets[0].label
    peers = [target.label for target in targets[1:]]

    def ms(value):
        return "%.2f ms" % value if value < 10 else "%.1f ms" % value if value < 100 else "%.0f ms" % value

    def times(value):
        return "%.0f×" % value if value >= 10 else "%.1f×" % value

    def load_cell(measure, label):
        results = loads[measure][label]
        answers = median([result["answers"] for result in results])
        if not any(result["requests"] for result in results):
            return "no answer in %d s" % options.duration, 0
        p99 = median([result["p99"] for result in results])
        cell = "%s/s, p99 %s" % (("%.0f" if answers >= 100 else "%.1f") % answers, ms(p99))
        non2xx = sum(result["non2xx"] for result in results)
        errors = sum(result["errors"] for result in results)
        statuses = {}
        for result in results:
            for status, count in result["statuses"].items():
                statuses[status] = statuses.get(status, 0) + count
        if non2xx:
            cell += ", **%d non-2xx** (%s)" % (non2xx, ", ".join("%d× %d" % (statuses[k], k) for k in sorted(statuses)))
        if errors:
            cell += ", **%d socket errors**" % errors
        return cell, answers

    header = "| measure | %s | %s |" % (mawp, " | ".join("%s | ratio" % label for label in peers))
    rule = "| --- | ---: | %s |" % " | ".join("---: | ---:" for _ in peers)
    rows = []
    for measure, title in PEER_MEASURES:
        mawp_measure = "group" if measure == "counts" else measure
        mawp_cell, mawp_answers = load_cell(mawp_measure, mawp)
        if measure == "counts":
            mawp_cell = "as above"
        row = "| %s | %s |" % (title, mawp_cell)
        for label in peers:
            cell, answers = load_cell(measure, label)
            row += " %s | %s |" % (cell, times(mawp_answers / answers) if answers else "—")
        rows.append(row)
    row = "| RSS after the run (Redmine: puma's master and 2 workers) | %.0f MB |" % (memory[mawp][0] / 1024)
    for label in peers:
        row += " %.0f MB | 1/%.0f |" % (memory[label][0] / 1024, memory[label][0] / memory[mawp][0])
    rows.append(row)
    row = "| PSS after the run (shared pages counted once) | %.0f MB |" % (memory[mawp][1] / 1024)
    for label in peers:
        row += " %.0f MB | 1/%.0f |" % (memory[label][1] / 1024, memory[label][1] / memory[mawp][1])
    rows.append(row)
    if database_memory:
        row = "| the database server's processes (PSS) | (in process) |"
        for label in peers:
            row += " %s | |" % ("%.0f MB" % (database_memory[label] / 1024) if label in database_memory else "(in process)")
        rows.append(row)
    row = "| cold start, exec to the first answer of one item (median of %d) | %.2f s |" % (options.rounds, median(starts[mawp]))
    for label in peers:
        row += " %.2f s | %s |" % (median(starts[label]), times(median(starts[label]) / median(starts[mawp])))
    rows.append(row)

    first_peer = peers[0]
    size_rows = []
    for measure, title in PEER_MEASURES[:4]:
        mawp_size = sizes[("group" if measure == "counts" else measure, mawp)]
        peer_size = sizes[(measure, first_peer)]
        ratio = peer_size / mawp_size
        size_rows.append("| %s | %s | %s | %s |" % (title, "{:,}".format(mawp_size), "{:,}".format(peer_size),
                                                     "%.1f" % ratio if ratio >= 1 else "1/%.0f" % (1 / ratio)))

    def version(package):
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True).stdout
        return out.strip() or "?"

    ruby = subprocess.run(["ruby", "-e", "print RUBY_VERSION"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    cpu = "?"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    # The command that made the section, as it was given (the defaults left out; --bin is a path here).
    command = "python3 bench/server.py --peer redmine"
    if options.peer_db != "both":
        command += " --peer-db " + options.peer_db
    if options.peer_sqlite_timeout:
        command += " --peer-sqlite-timeout %d" % options.peer_sqlite_timeout
    if options.peer_milestones != 1000:
        command += " --peer-milestones %d" % options.peer_milestones
    if options.rounds != 3:
        command += " --rounds %d" % options.rounds
    command += " --duration %d" % options.duration
    postgres = any("PostgreSQL" in label for label in peers)
    lines = [
        "## Server beside Redmine",
        "",
        "Made by `%s` (%s, commit %s, %d cores, %s, load average %.1f at the start; the run took %.0f s): the release"
        " `mawp-server` and Redmine %s from Debian's packages (Ruby %s, puma %s, 2 workers × 5 threads, the application"
        " loaded before the workers fork%s), each on a loopback port with the same plan of %s milestones"
        " (bench/generate.py: 5 groups, 10 milestones an activity; in Redmine one project per group and one issue per"
        " milestone, the same due dates, closed when done; set up by bench/peer/redmine.py). wrk from a second process,"
        " 2 threads, 16 connections, %d s a run; the servers in turn for each measure, %d rounds, the median of each"
        " figure given; non-2xx summed over the rounds." % (
            command, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit, os.cpu_count(), cpu,
            load_average, seconds, version("redmine"), ruby, version("puma"),
            "; PostgreSQL %s from Debian, a cluster of its own with its default settings" % version("postgresql").split("+")[0]
            if postgres else "", "{:,}".format(options.peer_milestones), options.duration, options.rounds),
        "",
        header,
        rule,
    ] + rows + [
        "",
        "Answers per second that were 2xx (a 500 for \"database is locked\" comes fast and is not an answer; an answer of"
        " several pages needs all of them), and the 99th percentile of one request's latency; the ratio: mawp-server's"
        " answers per second over Redmine's; for memory, mawp-server's over Redmine's; for the cold start, Redmine's"
        " time over mawp-server's. What each measure asks:",
        "",
        "- one item: mawp `GET /api/v1/activities/{ref}` (an activity with its ten milestones), Redmine `GET /issues/{id}.json`"
        " (one issue), going round all of them;",
        "- a group's progress: mawp `GET /api/v1/report?group={code}`; Redmine has no progress report in its API, so the"
        " project's issues, `GET /issues.json?project_id={code}&status_id=*&limit=100`, every page (%s requests an answer; 100"
        " is the API's largest page), from which a client counts the closed and the overdue;" % "{:g}".format(
            loads["group"][first_peer][0]["pages"]),
        "- counting only: Redmine's leanest way to the same three numbers, the `total_count` of three lists of one issue"
        " (`status_id=*`, `status_id=c`, and `status_id=o` with `due_date` before today), 3 requests an answer;",
        "- the whole plan's progress: mawp `GET /api/v1/report`; Redmine every page of `GET /issues.json?status_id=*&limit=100`"
        " (%s requests);" % "{:g}".format(loads["plan"][first_peer][0]["pages"]),
        "- a write: mawp `POST /api/v1/milestones/{ref}/done` or `/reopen` (`on`: today), Redmine `PUT /issues/{id}.json`"
        " closing or reopening the issue (`status_id`), each request flipping the next milestone or issue (their states read"
        " before each round), so that every request is a change. Changes recorded during the writes (mawp's events,"
        " Redmine's journals) beside the writes answered 2xx: %s. wrk does not count the requests in flight when it stops"
        " (up to 16 a run); Redmine on SQLite also records changes it then answers 500 for (its notification, after the"
        " commit, meets the lock)." % "; ".join(
            "%s %d of %d" % (label, changes[label][0], changes[label][1]) for label in [mawp] + peers),
        "",
        "Bytes of one answer (the first item, the first group; Redmine's the same over either database):",
        "",
        "| measure | %s | %s | ratio |" % (mawp, "Redmine"),
        "| --- | ---: | ---: | ---: |",
    ] + size_rows + [
        "",
        "Redmine's set-up, not measured against anything: %s." % "; ".join(
            "%s: instance %.1f s, `db:migrate` and default data %.1f s, the plan %.1f s" % (
                label, setups[kind]["instance"], setups[kind]["migrate"], setups[kind]["load"])
            for label, kind in zip(peers, [target.redmine.db for target in targets[1:]])),
        "",
        "What makes the comparison unfair, either way:",
        "",
        "- Against Redmine: it has no progress report in its API, so its answers to the progress measures are lists of"
        " issues, many times the bytes of mawp's report (above), which it must read, render and send, and a client then"
        " counts; the counting-only row is as lean as its API gets, and still three requests. mawp keeps a computed report"
        " until the next write (single flight, \"Server: the 100k report under writes\"), so between writes its report is"
        " kept; Redmine computes every answer. SQLite is not Redmine's recommended database (its install guide names"
        " MySQL/MariaDB, PostgreSQL and SQL Server)%s. Its database.yml here is what Debian's template writes, without a"
        " `timeout`%s. Reads meet the lock too: Redmine records the project of every request in the API user's"
        " preferences (its recently used projects), a write each time the project changes, and going round the issues of"
        " five projects changes it often. %s Redmine writes its log at its default level (info, lines for every"
        " request) into the instance's log folder, where mawp-server runs at `LOG_LEVEL=warning` as in the other"
        " sections. puma's 2 workers × 5 threads is one reasonable setting for 2 cores, not a tuned one; Debian's Ruby"
        " %s has no YJIT on."
        % ("; the PostgreSQL column is the fairer one for it" if postgres else "",
           " (this run added one of %d ms: `--peer-sqlite-timeout`)" % options.peer_sqlite_timeout if options.peer_sqlite_timeout
           else ": a request that finds the database locked fails at once with a 500",
           "A busy timeout does not help: the sqlite3 gem of Debian 12 (1.4) waits holding Ruby's global lock, so a waiting"
           " thread stalls its whole worker and concurrent writes nearly stop (`--peer-sqlite-timeout 5000` shows it, the"
           " timeout of Rails' own default database.yml).", ruby),
        "- Against mawp: Redmine's item is one issue, mawp's an activity with its ten milestones, their counts and the"
        " activity's history (the bytes above). RSS counts the pages the puma workers share with their master once in"
        " each: PSS is the fairer memory figure%s. The cold starts had the page cache warm (the set-up had just read the"
        " same files), for both. Redmine does much that mawp does not (a web tracker with wikis, time tracking, files,"
        " plugins); this compares the questions both answer, not the products." % (
            "; and PostgreSQL's processes are Redmine's database server, where mawp's SQLite is in its process"
            if postgres else ""),
        "- The machine: %d cores shared by wrk, the servers%s; others may have been building on it at the same time (the"
        " load average above), so the figures are noisy (acknowledged writes most: they wait for the disk); read the"
        " ratios as orders of magnitude." % (
            os.cpu_count(), " and PostgreSQL" if postgres else ""),
        "",
    ]
    section = "\n".join(lines)
    write_section(options.out, "## Server beside Redmine", section)
    print(section)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--anonymous", action="store_true", help="measure memory under anonymous traffic instead")
    parser.add_argument("--single-flight", action="store_true", help="measure the 100k report under a write every second instead")
    parser.add_argument("--requests", type=int, default=500000)
    parser.add_argument("--scratch-path", help="the release build's folder (default: .build)")
    parser.add_argument("--bin", help="use DIR/mawp and DIR/mawp-server instead of building", metavar="DIR")
    parser.add_argument("--peer", choices=["redmine"],
                        help="measure beside Redmine from Debian's packages instead (issue 22 §1)")
    parser.add_argument("--peer-db", choices=["sqlite", "postgresql", "both"], default="both",
                        help="Redmine's database for --peer (default: both, a column each)")
    parser.add_argument("--peer-sqlite-timeout", type=int, metavar="MS",
                        help="give Redmine's SQLite a busy timeout (default: none, as Debian's database.yml template)")
    parser.add_argument("--peer-milestones", type=int, default=1000, help="the plan's size for --peer")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each measure for --peer (the median is given)")
    options = parser.parse_args()
    for tool in ["wrk", "sqlite3"]:
        if shutil.which(tool) is None:
            sys.exit("bench/server.py needs %s (apt-get install %s)" % (tool, tool))
    if options.anonymous:
        anonymous(options)
        return
    if options.single_flight:
        single_flight(options)
        return
    if options.peer:
        peer(options)
        return
    mawp, server = binaries(options)
    work = tempfile.mkdtemp(prefix="mawp-server-bench-")
    results = {}
    try:
        db, token = prepare(mawp, 1000, work)
        process, port = start(server, db)
        base = "http://127.0.0.1:%d" % port
        # Warm up.
        subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", "Authorization: Bearer " + token, base + "/api/v1/report"], check=True)
        results["health"] = wrk(base + "/healthz", duration=options.duration)
        results["report"] = wrk(base + "/api/v1/report", token=token, duration=options.duration)
        script = os.path.join(work, "write.lua")
        with open(script, "w") as file:
            file.write(WRITE_SCRIPT.replace("TOKEN", token))
        # Writes, in turn with the floor's commits on the same disk (the floor before and after,
        # its mean the measure): one client one request at a time, then 16 writers.
        floors = [floor_commits(os.path.join(work, "floor.sqlite"))]
        results["write_one"] = wrk(base + "/api/v1/indicators/data-1.i1/values", script=script, duration=options.duration,
                                   connections=1)
        floors.append(floor_commits(os.path.join(work, "floor.sqlite")))
        if shutil.which("strace"):
            results["profile"] = write_profile(process.pid, base + "/api/v1/indicators/data-1.i1/values", token, work)
        results["writes"] = wrk(base + "/api/v1/indicators/data-1.i1/values", script=script, duration=options.duration)
        floors.append(floor_commits(os.path.join(work, "floor.sqlite")))
        results["floor"] = sum(floors) / len(floors)
        results["floors"] = floors
        process.send_signal(signal.SIGTERM)
        results["exit"] = process.wait(timeout=30)
        db, token = prepare(mawp, 100000, work)
        process, port = start(server, db)
        base = "http://127.0.0.1:%d" % port
        results["report_100k"] = wrk(base + "/api/v1/report", token=token, duration=options.duration)
        results["memory_kb"] = peak_memory_kb(process.pid)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    health, report, writes, big = results["health"], results["report"], results["writes"], results["report_100k"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        "## Server",
        "",
        "Made by `python3 bench/server.py` (%s, commit %s): the release `mawp-server` on a loopback port, loaded with wrk from a"
        " second process (2 threads, 16 connections, %d s each), over the benchmark's plans." % (
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit, options.duration),
        "",
        "| load | requests/s | p99 latency | non-2xx |",
        "| --- | ---: | ---: | ---: |",
        "| `GET /healthz` (the HTTP floor) | %.0f | %.2f ms | %d |" % health,
        "| `GET /api/v1/report`, 1k milestones | %.0f | %.2f ms | %d |" % report,
        "| `POST /api/v1/indicators/data-1.i1/values` (each a commit), one client, one request at a time | %.0f | %.2f ms | %d |"
        % results["write_one"],
        "| `POST /api/v1/indicators/data-1.i1/values` (each a commit), 16 writers | %.0f | %.2f ms | %d |" % writes,
        "| `GET /api/v1/report`, 100k milestones | %.0f | %.2f ms | %d |" % big,
        "",
        "The floor for writes: the `sqlite3` shell committing single-row transactions one by one at `synchronous = EXTRA`"
        " on the same disk, measured before, between and after the two write loads (%s per second): their mean, %.0f per"
        " second. A server write is one `BEGIN IMMEDIATE` … `COMMIT` with the same number of syncs as the floor's commit"
        " (five `fdatasync`s with the rollback journal, counted with strace), plus the event's row and its indexes,"
        " HTTP, the token's check and the hand-over to the writer thread." % (
            ", ".join("%.0f" % f for f in results["floors"]), results["floor"]),
        "",
        "- Report at least half the requests per second of `/healthz`: %.2f → %s." % (
            report[0] / health[0], "met" if report[0] >= 0.5 * health[0] else "**missed**"),
        "- Report p99 under 10 ms with 16 connections: %.2f ms → %s." % (report[1], "met" if report[1] < 10 else "**missed**"),
        "- Acknowledged writes at least 0.7× the floor's commits: %.2f → %s." % (
            writes[0] / results["floor"], "met" if writes[0] >= 0.7 * results["floor"] else "**missed**"),
        "- One write from one client within 1.5× of the floor's commit: %.2f× its time → %s." % (
            results["floor"] / results["write_one"][0], "met" if results["write_one"][0] * 1.5 >= results["floor"] else "**missed**"),
        "- 16 writers (group commit) at or above the floor's commits: %.2f → %s; their p99 under 50 ms: %.1f ms → %s." % (
            writes[0] / results["floor"], "met" if writes[0] >= results["floor"] else "**missed**",
            writes[1], "met" if writes[1] < 50 else "**missed**"),
        "- Memory under 64 MB at 100k milestones under load: peak %.1f MB → %s." % (
            results["memory_kb"] / 1024, "met" if results["memory_kb"] < 64 * 1024 else "**missed**"),
        "- SIGTERM under no load: exit %d." % results["exit"],
        "",
    ]
    if "profile" in results:
        profile = results["profile"]
        shown = ["fdatasync", "fsync", "pwrite64", "pread64", "openat", "unlink", "fcntl", "futex", "read", "write",
                 "epoll_wait", "sendmsg", "recvmsg", "writev", "readv", "clock_nanosleep"]
        rows = [(name, profile[name]) for name in shown if name in profile and max(profile[name]) >= 0.05]
        lines[-1:-1] = [
            "Where one write's time goes beyond the floor's commit: the system calls of 300 writes from one client, one at a"
            " time (`strace -f -c` on the server), against those of 300 of the floor's commits (`strace -f -c` on the shell),"
            " per write:",
            "",
            "| system call | server, per write | floor, per commit |",
            "| --- | ---: | ---: |",
        ] + ["| `%s` | %.1f | %.1f |" % (name, server, floor) for name, (server, floor) in rows] + [
            "",
            "The syncs are the same; the server writes more pages (the event's row and its indexes, the projection's row,"
            " and the journal's copies of each page first), reads pages again that SQLite's cache dropped when the file"
            " changed, takes and drops the file's locks twice (`fcntl`: the token's look-up is a read of its own, on its own"
            " connection, before the write's transaction), and hands each request between threads (event loop, look-up,"
            " writer: the `futex` calls). Those, not the disk, are the gap to the floor. With 16 writers the look-ups and"
            " the commits meet on the file's locks, and SQLite's busy handler sleeps 1 to 10 ms at a time (strace counted"
            " about 2,000 such sleeps on the look-up's thread and 500 on the writer's in a 10 s load slowed by strace itself); a handler with"
            " finer steps raised the throughput but let some requests starve (p99 0.3 to 0.7 s), so it was not kept.",
            "",
        ]
    section = "\n".join(lines)
    write_section(options.out, "## Server", section)
    print(section)


if __name__ == "__main__":
    main()
