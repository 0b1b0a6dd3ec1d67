#!/usr/bin/env python3
"""One server for every joint work plan of the UN system (issue 22 §2): mawp-server over the
plan of the whole UN system, under the mix of requests its users make.

    python3 bench/load.py --bin .build/release [--db PATH] [--users 500] [--duration 60] [--think 3]
                          [--out BENCHMARKS.md | --no-write]

In one run:

1. Prepares the database (or, with --db PATH of one prepared before, reuses it): the plan of
   `bench/generate.py 1000000 --un --period` (60 agencies, 200 results groups, 100,000
   activities, 1,000,000 milestones, the period 2014-H1 with an update for nearly every
   activity) loaded with `mawp init` and `mawp import`, then 2,000 users with an API token each.
   The first, bench-admin, is made by `mawp user add` and `mawp token create`; the others are
   written into the file directly, in one transaction, with exactly the columns the CLI writes
   (the CLI's bcrypt hash of the same password, and each token's SHA-256): the CLI takes about a
   quarter of a second per user (bcrypt, cost 12). The rows are checked against the CLI's.
   The users and their tokens go to PATH.users.tsv, the preparation's figures to
   PATH.prepared.json. `--prepare --db PATH` does only this.
2. Starts the release mawp-server (from --bin) on a free port of 127.0.0.1, with a session
   for every user written into the file as the server writes one at sign-in (checked against
   a real sign-in), so that the pages can be read without 2,000 bcrypt sign-ins.
3. Times each kind of request alone (one at a time, five of each).
4. The mix: --users simulated users (default 500) for --duration seconds after --warmup, each
   with its own token, session and keep-alive connection, working on its own group and agency,
   with think times drawn from an exponential distribution (mean --think seconds). About 80%
   reads (its group's report and page, its agency's page and activities, one activity as a
   page and as JSON, the period's status for its group, the reviews page), 15% milestone
   changes (done or reopened, rescheduled: each a real change) and 5% progress updates
   (written, submitted, and reviewed by the co-chairs' editors); --mix changes the weights.
   Reports throughput, p50/p99/max per kind, errors by status, the server's RSS and CPU, and
   the generator's own CPU and event-loop lag (it shares the machine's cores with the server).
5. Capacity: the mix again with --steps users (default 5, 10, 25, ... 2000), until a step is
   saturated (p50 above --stop-p50, a request unanswered, or more than 1% refused); where p99
   crosses --bar (200 ms) or a request is refused.
   Then the write ceiling (16 writers without think time) and the dashboard alone.
6. Writes the "## One server for the whole UN system" section of BENCHMARKS.md.

    python3 bench/load.py --bin DIR --db /tmp/un.sqlite --no-capacity --duration 20 --no-write

is a quick look once /tmp/un.sqlite is prepared. Without --db everything lives in a temporary
folder, deleted at the end. The server is stopped on every exit, Ctrl-C included. A whole run
takes about a quarter of an hour on two cores (preparing, about a minute and a half more). A
run changes the plan it uses (its users' changes stay), so a run on a database used before
starts from a slightly different plan; `--prepare` makes it anew.

The HTTP client is written here (asyncio streams, HTTP/1.1 with keep-alive, Content-Length or
chunked bodies): nothing outside Python's standard library is needed.
"""
import argparse
import array
import asyncio
import collections
import datetime
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from server import write_section  # noqa: E402  (the one writer of BENCHMARKS.md's sections)

PASSWORD = "bench password, long enough"
PERIOD = "2014-H1"
HEADING = "## One server for the whole UN system"

# The kinds of request, what each asks for, and its share of the mix (percent of requests).
READS = {
    "activity.page": ("GET /activities/{ref}", 20),
    "activity.api": ("GET /api/v1/activities/{ref}", 10),
    "group.page": ("GET /groups/{group}", 12),
    "group.report": ("GET /api/v1/report?group={group}", 14),
    "agency.page": ("GET /my-agency", 8),
    "agency.activities": ("GET /api/v1/activities?agency={agency}", 6),
    "period.group": ("GET /api/v1/periods/2014-H1?group={group}", 6),
    "reviews.page": ("GET /reviews", 4),
    # The whole plan's dashboard: left out of the mix by default (see the section).
    "dashboard": ("GET /", 0),
}
WRITES = {
    "milestone.status": ("POST /api/v1/milestones/{ref}/done or /reopen", 10),
    "milestone.reschedule": ("PATCH /api/v1/milestones/{ref} {due}", 5),
    "update.write": ("PUT /api/v1/activities/{ref}/updates/2014-H1", 3),
    "update.submit": ("POST /api/v1/activities/{ref}/updates/2014-H1/submit", 1),
    "update.review": ("POST /api/v1/activities/{ref}/updates/2014-H1/approve or /return", 1),
}
# What a request that was drawn is recorded as, when it is one of two (done or reopen, ...).
ROUTES = dict({k: v[0] for k, v in READS.items()}, **{k: v[0] for k, v in WRITES.items()}, **{
    "milestone.done": "POST /api/v1/milestones/{ref}/done",
    "milestone.reopen": "POST /api/v1/milestones/{ref}/reopen",
    "update.approve": "POST /api/v1/activities/{ref}/updates/2014-H1/approve",
    "update.return": "POST /api/v1/activities/{ref}/updates/2014-H1/return",
})
ORDER = ["activity.page", "activity.api", "group.page", "group.report", "agency.page", "agency.activities", "period.group",
         "reviews.page", "dashboard", "milestone.done", "milestone.reopen", "milestone.reschedule", "update.write",
         "update.submit", "update.approve", "update.return"]
STATUSES = ["not-started", "on-track", "at-risk", "off-track", "completed"]
# A milestone's state or due date that a change given up on may or may not have changed.
UNKNOWN, UNKNOWN_DUE = 2, -1
# This run, named in the updates it writes: each says something new, also on a database used before.
RUN = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


# Preparing the database.

def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def now_stamp():
    """The moment as mawp writes it (Timestamp.now()): 2026-11-26T13:14:24.168Z."""
    moment = datetime.datetime.now(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def prepare(options, db):
    """The plan, imported, and the users with their tokens; PATH.users.tsv and PATH.prepared.json."""
    mawp = os.path.join(options.bin, "mawp")
    for path in [db, db + "-journal", db + ".users.tsv", db + ".prepared.json"]:
        if os.path.exists(path):
            os.remove(path)
    plan = db + ".plan.json"
    figures = {"milestones": options.milestones}
    try:
        began = time.monotonic()
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(options.milestones), plan, "--un", "--period"],
                       check=True)
        figures["generate_s"] = time.monotonic() - began
        figures["plan_mb"] = os.path.getsize(plan) / 1e6
        sh([mawp, "init", "--db", db])
        print("importing %d milestones ..." % options.milestones, flush=True)
        began = time.monotonic()
        figures["import_output"] = sh([mawp, "import", plan, "--db", db]).stdout.strip()
        figures["import_s"] = time.monotonic() - began
    finally:
        if os.path.exists(plan):
            os.remove(plan)
    # The first user and token as the CLI makes them: the template of the others.
    began = time.monotonic()
    sh([mawp, "user", "add", "bench-admin", "--agency", "DCO", "--role", "admin", "--password-stdin", "--db", db], input=PASSWORD + "\n")
    admin_token = sh([mawp, "token", "create", "bench-admin", "--db", db]).stdout.strip().splitlines()[-1]
    figures["cli_user_s"] = time.monotonic() - began
    began = time.monotonic()
    roster = make_roster(db, options.accounts, options.seed)
    roster[0]["token"] = admin_token
    write_accounts(db, roster[1:])
    figures["accounts_s"] = time.monotonic() - began
    check_accounts(db, roster)
    with sqlite3.connect(db) as conn:
        for table in ["agency", "work_group", "activity", "milestone", "event", "progress_update", "app_user", "api_token"]:
            figures[table] = conn.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
    conn.close()
    figures["db_mb"] = os.path.getsize(db) / 1e6
    figures["commit"] = commit(options.bin)
    figures["prepared_at"] = now_stamp()
    fd = os.open(db + ".users.tsv", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("name\tagency\trole\tgroup\ttoken\n")
        for user in roster:
            f.write("%(name)s\t%(agency)s\t%(role)s\t%(group)s\t%(token)s\n" % user)
    with open(db + ".prepared.json", "w") as f:
        json.dump(figures, f, indent=1)
    print("prepared %s: %.0f MB, import %.1f s, %d users (%.1f s)" % (db, figures["db_mb"], figures["import_s"], len(roster),
                                                                       figures["accounts_s"]), flush=True)
    return figures


def make_roster(db, count, seed):
    """`count` users: each with an agency (in turn over the 60), a role (one in ten a viewer,
    a few admins, the others editors) and a home group: an agency's users take first the
    groups it co-chairs (they review the updates there), then others, one each."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    agencies = [row[0] for row in conn.execute("SELECT code FROM agency ORDER BY id")]
    groups = [row[0] for row in conn.execute("SELECT code FROM work_group WHERE id IN (SELECT group_id FROM activity) ORDER BY id")]
    chairs = collections.defaultdict(set)
    for group, agency in conn.execute("SELECT g.code, a.code FROM group_lead l JOIN work_group g ON g.id = l.group_id "
                                      "JOIN agency a ON a.id = l.agency_id"):
        chairs[agency].add(group)
    conn.close()
    homes = {}
    for agency in agencies:
        chaired = sorted(g for g in groups if g in chairs[agency])
        others = sorted(g for g in groups if g not in chairs[agency])
        rng.shuffle(chaired)
        rng.shuffle(others)
        homes[agency] = chaired + others
    taken = collections.Counter()
    roster = []
    for k in range(count):
        if k == 0:
            agency, name, role = "DCO", "bench-admin", "admin"
        else:
            agency = agencies[k % len(agencies)]
            name = "%s.%04d" % (agency.lower(), k)
            role = "admin" if k % 500 == 250 else "viewer" if k % 10 == 0 else "editor"
        group = homes[agency][taken[agency] % len(homes[agency])]
        taken[agency] += 1
        roster.append({"name": name, "agency": agency, "role": role, "group": group, "token": None})
    return roster


def write_accounts(db, users):
    """The users and their tokens, in one transaction, as `mawp user add --password-stdin` and
    `mawp token create` write them: the password's bcrypt hash is bench-admin's (made by the CLI
    from the same password), a token is `mawp_ID_SECRET` with 32 random bytes in hex as SECRET
    and the SHA-256 of SECRET's text stored (Sources/WorkPlan/Accounts/APIToken.swift)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = EXTRA")
    password_hash = conn.execute("SELECT password_hash FROM app_user WHERE name = 'bench-admin'").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    for user in users:
        created = now_stamp()
        cursor = conn.execute("""
            INSERT INTO app_user (name, agency_id, role, password_hash, setup_code_hash, created_at, email, reminders)
            VALUES (?1, (SELECT id FROM agency WHERE code = ?2), ?3, ?4, NULL, ?5, NULL, 'weekly')""",
                              (user["name"], user["agency"], user["role"], password_hash, created))
        secret = secrets.token_hex(32)
        cursor = conn.execute("""
            INSERT INTO api_token (user_id, secret_hash, read_only, expires_on, created_at) VALUES (?1, ?2, 0, NULL, ?3)""",
                              (cursor.lastrowid, hashlib.sha256(secret.encode()).hexdigest(), now_stamp()))
        user["token"] = "mawp_%d_%s" % (cursor.lastrowid, secret)
    conn.execute("COMMIT")
    conn.close()


def check_accounts(db, roster):
    """Every user row and token row has the shape of the CLI's (bench-admin's): the same types,
    lengths and defaults; and every token's hash is the SHA-256 of its secret, the CLI's too."""
    conn = sqlite3.connect(db)
    user_shape = """SELECT typeof(name), typeof(agency_id), role IN ('admin', 'editor', 'viewer'), typeof(password_hash),
                           length(password_hash), substr(password_hash, 1, 7), typeof(setup_code_hash), length(created_at),
                           created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z',
                           typeof(disabled_at), typeof(email), reminders FROM app_user WHERE name = ?1"""
    token_shape = """SELECT t.secret_hash, u.name, t.read_only, typeof(t.expires_on), length(t.created_at), typeof(t.revoked_at),
                            t.kind, typeof(t.group_id) FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.id = ?1"""
    template = conn.execute(user_shape, ("bench-admin",)).fetchone()
    token_template = None
    for user in roster:
        shape = conn.execute(user_shape, (user["name"],)).fetchone()
        if shape != template:
            sys.exit("bench/load.py: user %s is not as the CLI writes one: %r against %r" % (user["name"], shape, template))
        prefix, number, secret = user["token"].split("_")
        row = conn.execute(token_shape, (int(number),)).fetchone()
        token_template = token_template or row[2:]  # the first is bench-admin's, made by the CLI
        if prefix != "mawp" or row[0] != hashlib.sha256(secret.encode()).hexdigest() or row[1] != user["name"] or row[2:] != token_template:
            sys.exit("bench/load.py: the token of %s is not as the CLI writes one: %r against %r" % (user["name"], row, token_template))
    conn.close()


def read_roster(db):
    with open(db + ".users.tsv") as f:
        lines = f.read().splitlines()
    names = lines[0].split("\t")
    return [dict(zip(names, line.split("\t"))) for line in lines[1:]]


def write_sessions(db, roster):
    """A session for every user, as the server starts one at sign-in (PlanStore.startSession):
    a random 256-bit id (the cookie), its SHA-256 kept, a random CSRF token, eight hours. The
    users' earlier sessions go (at most one each is left by a run)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    cookies = {}
    for user in roster:
        user_id = conn.execute("SELECT id FROM app_user WHERE name = ?1", (user["name"],)).fetchone()[0]
        conn.execute("DELETE FROM web_session WHERE user_id = ?1", (user_id,))
        session = secrets.token_hex(32)
        conn.execute("""
            INSERT INTO web_session (id_hash, user_id, csrf, created_at, expires_at)
            VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+28800 seconds'))""",
                     (hashlib.sha256(session.encode()).hexdigest(), user_id, secrets.token_hex(16)))
        cookies[user["name"]] = session
    conn.execute("COMMIT")
    conn.close()
    return cookies


SESSION_SHAPE = """SELECT length(s.id_hash), length(s.csrf), s.csrf GLOB '*[^0-9a-f]*', length(s.created_at), length(s.expires_at),
                          CAST(round((julianday(s.expires_at) - julianday(s.created_at)) * 86400) AS INTEGER)
                   FROM web_session s JOIN app_user u ON u.id = s.user_id WHERE u.name = ?1 ORDER BY s.id DESC LIMIT 1"""


async def check_session(port, db, written_by_us):
    """Signs bench-admin in through the API (one bcrypt) and compares the session row the server
    wrote with one this script wrote."""
    conn = Connection(port)
    body = json.dumps({"user": "bench-admin", "password": PASSWORD}).encode()
    status, _, _ = await conn.request("POST", "/api/v1/session", {"Content-Type": "application/json"}, body)
    conn.close()
    if status != 200:
        sys.exit("bench/load.py: bench-admin's sign-in answered %d" % status)
    with sqlite3.connect(db) as read:
        server_made = read.execute(SESSION_SHAPE, ("bench-admin",)).fetchone()
        ours = read.execute(SESSION_SHAPE, (written_by_us,)).fetchone()
    read.close()
    if server_made != ours:
        sys.exit("bench/load.py: a session written here %r is not as the server writes one %r" % (ours, server_made))


# The plan as the users know it.

class World:
    """What the simulated users know of the plan, read from the file before the server starts:
    the activities (their refs, groups and leads), each milestone's state (done, due date) and
    each update's state for 2014-H1; kept up to date with the answers to their own changes."""

    def __init__(self, db, roster):
        conn = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        self.ref = {}
        by_group = collections.defaultdict(list)
        led = collections.defaultdict(list)
        for activity_id, group, number, lead in conn.execute("""
                SELECT a.id, g.code, a.number, l.code FROM activity a JOIN work_group g ON g.id = a.group_id
                JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
                JOIN agency l ON l.id = v.lead_agency_id WHERE a.cancelled_on IS NULL ORDER BY a.id"""):
            self.ref[activity_id] = "%s-%d" % (group, number)
            by_group[group].append(activity_id)
            led[lead].append((group, activity_id))
        self.by_group = dict(by_group)
        # Milestones: per activity, the done flags and the due dates (as ordinals), by number.
        self.done = {}
        self.due = {}
        rows = conn.execute("SELECT activity_id, number, done_on IS NOT NULL, due_on FROM milestone WHERE dropped_on IS NULL "
                            "ORDER BY activity_id, number")
        for activity_id, number, done, due in rows:
            if activity_id not in self.done:
                self.done[activity_id] = bytearray()
                self.due[activity_id] = array.array("l")
            self.done[activity_id].append(1 if done else 0)
            self.due[activity_id].append(datetime.date.fromisoformat(due).toordinal() if due else 0)
        period = conn.execute("SELECT id FROM reporting_period WHERE code = ?1", (PERIOD,)).fetchone()[0]
        self.update = {activity_id: "missing" for activity_id in self.ref}
        self.submitted_by = {}
        self.waiting = collections.defaultdict(set)  # group → submitted updates, for its reviewers
        group_of = {activity_id: ref.rsplit("-", 1)[0] for activity_id, ref in self.ref.items()}
        for activity_id, state, submitted_by in conn.execute(
                "SELECT activity_id, state, submitted_by FROM progress_update WHERE period_id = ?1", (period,)):
            self.update[activity_id] = state
            self.submitted_by[activity_id] = submitted_by
            if state == "submitted":
                self.waiting[group_of[activity_id]].add(activity_id)
        chairs = collections.defaultdict(set)
        for group, agency in conn.execute("SELECT g.code, a.code FROM group_lead l JOIN work_group g ON g.id = l.group_id "
                                          "JOIN agency a ON a.id = l.agency_id"):
            chairs[group].add(agency)
        conn.close()
        # Each agency's activities are dealt out to its writers (editors and admins), so that no
        # two users change the same one: first those in each writer's home group, then the rest
        # in turn. Viewers write nothing.
        self.mine = collections.defaultdict(list)
        writers = collections.defaultdict(list)
        for user in roster:
            if user["role"] != "viewer":
                writers[user["agency"]].append(user)
        for agency, activities in led.items():
            team = writers.get(agency, [])
            if not team:
                continue
            homes = {user["group"]: user["name"] for user in team}
            rest = []
            for group, activity_id in activities:
                if group in homes:
                    self.mine[homes[group]].append(activity_id)
                else:
                    rest.append(activity_id)
            for index, activity_id in enumerate(rest):
                self.mine[team[index % len(team)]["name"]].append(activity_id)
        self.reviewer = {user["name"]: user["role"] != "viewer" and user["agency"] in chairs[user["group"]] for user in roster}


# HTTP/1.1 over asyncio streams.

class Closed(Exception):
    """The server closed the connection before answering (an idle keep-alive one)."""


class Connection:
    """One keep-alive connection to the server, opened again when the server has closed it.
    The server lets an idle connection go after 10 s: one idle longer than `max_idle` is
    opened afresh before its next request."""

    def __init__(self, port, max_idle=8.0):
        self.port = port
        self.max_idle = max_idle
        self.reader = self.writer = None
        self.last = 0.0
        self.opened = 0
        self.retried = 0
        self.answering = False

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, path, headers, body=b""):
        """(status, headers, body) of one request; opens the connection again once when the
        server had closed it before reading the request (nothing of an answer came back)."""
        head = "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (method, path, self.port)
        for name, value in headers.items():
            head += "%s: %s\r\n" % (name, value)
        if body or method in ("POST", "PUT", "PATCH"):
            head += "Content-Length: %d\r\n" % len(body)
        data = head.encode() + b"\r\n" + body
        for attempt in (1, 2):
            if self.writer is None or time.monotonic() - self.last > self.max_idle:
                self.close()
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20)
                self.opened += 1
            self.answering = False
            try:
                self.writer.write(data)
                await self.writer.drain()
                answer = await self.read_answer()
                self.last = time.monotonic()
                return answer
            except (Closed, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2 or self.answering:
                    raise
                self.retried += 1

    async def read_answer(self):
        line = await self.reader.readline()
        if not line:
            raise Closed()
        self.answering = True  # from here on, the request was read: it is never sent again
        status = int(line.split(b" ", 2)[1])
        headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = b""
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body


# The simulated users.

class Stats:
    """Latencies (ms) and statuses per kind of request, for those begun in the measured window."""

    def __init__(self):
        self.latency = collections.defaultdict(list)
        self.status = collections.defaultdict(collections.Counter)
        self.unchanged = collections.Counter()
        self.sizes = collections.defaultdict(int)

    def add(self, kind, status, ms, size=0):
        self.latency[kind].append(ms)
        self.status[kind][status] += 1
        self.sizes[kind] += size

    def answered(self, kinds=None):
        """How many were answered 2xx or 3xx (of `kinds`, else of all)."""
        return sum(count for kind, statuses in self.status.items() if kinds is None or kind in kinds
                   for status, count in statuses.items() if ok(status))

    def status_total(self, status):
        return sum(statuses[status] for statuses in self.status.values())

    def all(self):
        return [ms for values in self.latency.values() for ms in values]


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100.0))]


def ok(status):
    return isinstance(status, int) and 200 <= status < 400


class User:
    def __init__(self, spec, cookie, world, rng):
        self.name, self.agency, self.role, self.group, self.token = spec["name"], spec["agency"], spec["role"], spec["group"], spec["token"]
        self.cookie = cookie
        self.world = world
        self.rng = rng
        self.mine = world.mine.get(self.name, [])
        self.reviewer = world.reviewer[self.name]
        self.written = 0

    def auth(self, page):
        return {"Cookie": "mawp_session=" + self.cookie, "Accept": "text/html"} if page else \
            {"Authorization": "Bearer " + self.token, "Accept": "application/json"}

    def some_activity(self):
        """One activity of the user's group (or of its own, once in three)."""
        if self.mine and self.rng.random() < 1 / 3:
            return self.rng.choice(self.mine)
        return self.rng.choice(self.world.by_group[self.group])

    def plan(self, kind):
        """What the request of `kind` is: (kind as recorded, method, path, headers, body, after),
        `after(status)` updating what the users know; None when this user has nothing to
        do of that kind (a viewer's change, a reviewer's empty list)."""
        w, rng = self.world, self.rng
        json_body = dict(self.auth(False), **{"Content-Type": "application/json"})
        if kind == "activity.page":
            return kind, "GET", "/activities/" + w.ref[self.some_activity()], self.auth(True), b"", None
        if kind == "activity.api":
            return kind, "GET", "/api/v1/activities/" + w.ref[self.some_activity()], self.auth(False), b"", None
        if kind == "group.page":
            return kind, "GET", "/groups/" + self.group, self.auth(True), b"", None
        if kind == "group.report":
            return kind, "GET", "/api/v1/report?group=" + self.group, self.auth(False), b"", None
        if kind == "agency.page":
            return kind, "GET", "/my-agency", self.auth(True), b"", None
        if kind == "agency.activities":
            return kind, "GET", "/api/v1/activities?agency=" + self.agency, self.auth(False), b"", None
        if kind == "period.group":
            return kind, "GET", "/api/v1/periods/%s?group=%s" % (PERIOD, self.group), self.auth(False), b"", None
        if kind == "reviews.page":
            return kind, "GET", "/reviews", self.auth(True), b"", None
        if kind == "dashboard":
            return kind, "GET", "/", self.auth(True), b"", None
        if self.role == "viewer" or not self.mine:
            return None
        if kind == "milestone.status":
            activity = rng.choice(self.mine)
            flags = w.done.get(activity)
            if not flags:
                return None
            number = rng.randrange(len(flags))
            done = flags[number]
            if done == UNKNOWN:
                return None
            flags[number] = 0 if done else 1  # as the change will leave it

            def after(status, flags=flags, number=number, done=done):
                # Refused: as it was. Given up on: the server may still make it, so left alone.
                if not ok(status):
                    flags[number] = UNKNOWN if status == "timeout" else done
            step = "reopen" if done else "done"
            return "milestone." + step, "POST", "/api/v1/milestones/%s.%d/%s" % (w.ref[activity], number + 1, step), json_body, b"{}", after
        if kind == "milestone.reschedule":
            activity = rng.choice(self.mine)
            dues = w.due.get(activity)
            if not dues:
                return None
            number = rng.randrange(len(dues))
            if dues[number] == UNKNOWN_DUE:
                return None
            old = dues[number] or datetime.date(2015, 1, 1).toordinal()
            new = old + rng.choice([-1, 1]) * rng.randrange(7, 60)
            dues[number] = new
            body = json.dumps({"due": datetime.date.fromordinal(new).isoformat()}).encode()

            def after(status, dues=dues, number=number, old=old):
                if not ok(status):
                    dues[number] = UNKNOWN_DUE if status == "timeout" else old
            return kind, "PATCH", "/api/v1/milestones/%s.%d" % (w.ref[activity], number + 1), json_body, body, after
        if kind == "update.review" and self.reviewer:
            waiting = [a for a in w.waiting.get(self.group, ()) if w.submitted_by.get(a) != self.name]
            if waiting:
                activity = rng.choice(waiting)
                w.waiting[self.group].discard(activity)
                w.update[activity] = "reviewing"
                approve = rng.random() < 0.75
                body = json.dumps({"note": "Thank you." if approve else "Please add this period's figures."}).encode()

                def after(status, activity=activity, approve=approve):
                    w.update[activity] = ("approved" if approve else "returned") if ok(status) else "unknown"
                return ("update.approve" if approve else "update.return"), "POST", "/api/v1/activities/%s/updates/%s/%s" % (
                    w.ref[activity], PERIOD, "approve" if approve else "return"), json_body, body, after
            kind = "update.write"
        if kind == "update.submit":
            drafts = [a for a in self.mine if w.update[a] == "draft"]
            if drafts:
                activity = rng.choice(drafts)
                w.update[activity] = "submitting"

                def after(status, activity=activity):
                    if ok(status):
                        w.update[activity] = "submitted"
                        w.submitted_by[activity] = self.name
                        w.waiting[w.ref[activity].rsplit("-", 1)[0]].add(activity)
                    else:
                        w.update[activity] = "unknown"
                return kind, "POST", "/api/v1/activities/%s/updates/%s/submit" % (w.ref[activity], PERIOD), json_body, b"{}", after
            kind = "update.write"
        if kind in ("update.write", "update.review"):
            open_ = [a for a in self.mine if w.update[a] in ("missing", "draft", "returned")]
            if not open_:
                return None
            activity = rng.choice(open_)
            w.update[activity] = "writing"
            ref = w.ref[activity]
            self.written += 1
            body = json.dumps({"status": rng.choice(STATUSES),
                               "achievements": "The work of %s went ahead in the period (%s, draft %d of the run of %s).\n\n"
                                               "Its partners met twice." % (ref, self.name, self.written, RUN),
                               "challenges": "Funding arrived late; %d of the milestones moved." % rng.randrange(1, 5),
                               "next-steps": "Finish the remaining milestones."}).encode()

            def after(status, activity=activity):
                w.update[activity] = "draft" if ok(status) else "unknown"
            return "update.write", "PUT", "/api/v1/activities/%s/updates/%s" % (ref, PERIOD), json_body, body, after
        return None


async def simulate(user, conn, stats, kinds, weights, read_kinds, read_weights, think, clock, timeout):
    """One user: a request, a think time, and again, until the window closes. Only requests
    begun inside the measured window are recorded (and each is waited for)."""
    rng = user.rng
    record_from, stop_at = clock
    await asyncio.sleep(rng.uniform(0, max(0.0, record_from - time.monotonic()) * 0.6))
    while time.monotonic() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        request = user.plan(kind)
        while request is None:  # nothing to change: a read instead
            request = user.plan(rng.choices(read_kinds, read_weights)[0])
        recorded, method, path, headers, body, after = request
        began = time.monotonic()
        size = 0
        try:
            status, _, answer = await asyncio.wait_for(conn.request(method, path, headers, body), timeout)
            size = len(answer)
            if method != "GET" and status == 200 and (b'"changed": false' in answer or b'"changed":false' in answer):
                stats.unchanged[recorded] += 1
        except asyncio.TimeoutError:
            status = "timeout"
            conn.close()
        except (OSError, asyncio.IncompleteReadError, Closed, ValueError, IndexError) as error:
            status = type(error).__name__
            conn.close()
        took = time.monotonic() - began
        if after is not None:
            after(status)
        if record_from <= began < stop_at:
            stats.add(recorded, status, took * 1000, size)
        pause = rng.expovariate(1.0 / think) if think > 0 else 0.0
        if time.monotonic() + pause >= stop_at:
            break
        await asyncio.sleep(pause)


def cpu_ticks(pid):
    """utime + stime of a process, in clock ticks."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def machine_ticks():
    """(busy, all) clock ticks of the whole machine since boot."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def rss_mb(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


async def load(server, port, users, kinds, weights, duration, warmup, think, timeout):
    """Runs `users` for `warmup` + `duration` seconds; returns the figures of the window."""
    stats = Stats()
    read_kinds = [k for k, w in zip(kinds, weights) if k in READS and w > 0] or ["activity.api"]
    read_weights = [w for k, w in zip(kinds, weights) if k in READS and w > 0] or [1]
    record_from = time.monotonic() + warmup
    stop_at = record_from + duration
    connections = [Connection(port) for _ in users]
    lags = []
    rss = []
    done = asyncio.Event()

    async def watch():
        # The event loop's lag (how late a 50 ms timer fires) and the server's RSS (every second).
        tick = time.monotonic()
        count = 0
        while not done.is_set():
            await asyncio.sleep(0.05)
            now = time.monotonic()
            if record_from <= now < stop_at:
                lags.append((now - tick - 0.05) * 1000)
            count += 1
            if count % 20 == 0:
                rss.append(rss_mb(server.pid))
            tick = now

    watcher = asyncio.create_task(watch())
    tasks = [asyncio.create_task(simulate(user, conn, stats, kinds, weights, read_kinds, read_weights, think,
                                          (record_from, stop_at), timeout)) for user, conn in zip(users, connections)]
    await asyncio.sleep(max(0.0, record_from - time.monotonic()))
    start = (cpu_ticks(server.pid), os.times(), machine_ticks(), time.monotonic(), rss_mb(server.pid))
    await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
    end = (cpu_ticks(server.pid), os.times(), machine_ticks(), time.monotonic(), rss_mb(server.pid))
    # The requests begun in the window are waited for (at most the timeout).
    finished, pending = await asyncio.wait(tasks, timeout=timeout + 5)
    for task in pending:
        task.cancel()
    for task in finished:
        task.result()  # a mistake of this script stops the run
    done.set()
    await watcher
    for conn in connections:
        conn.close()
    hz = os.sysconf("SC_CLK_TCK")
    seconds = end[3] - start[3]
    server_cores = (end[0] - start[0]) / hz / seconds
    generator_cores = ((end[1].user + end[1].system) - (start[1].user + start[1].system)) / seconds
    machine_cores = (end[2][0] - start[2][0]) / max(1, end[2][1] - start[2][1]) * os.cpu_count()
    every = stats.all()
    return {
        "users": len(users), "think": think, "duration": seconds, "stats": stats, "requests": len(every),
        "rate": stats.answered() / seconds, "begun_rate": len(every) / seconds, "p50": percentile(every, 50), "p99": percentile(every, 99), "max": max(every or [0]),
        "server_cores": server_cores, "generator_cores": generator_cores, "machine_cores": machine_cores,
        "rss_start": start[4], "rss_max": max(rss + [start[4], end[4]]), "rss_end": end[4],
        "lag_p99": percentile(lags, 99), "lag_max": max(lags or [0]),
        "connections": sum(c.opened for c in connections), "retried": sum(c.retried for c in connections),
        "unfinished": len(pending),
    }


async def alone(port, users, kinds, per_kind=5):
    """Each kind of read alone: `per_kind` requests one after another, for different users
    (and so groups, agencies and activities), none at the same time as another."""
    rows = {}
    for kind in kinds:
        times, sizes = [], []
        for user in users[:per_kind]:
            conn = Connection(port)
            _, method, path, headers, body, _ = user.plan(kind)
            await conn.request("GET", "/healthz", {})  # the connection opened before the clock starts
            began = time.monotonic()
            status, _, answer = await conn.request(method, path, headers, body)
            times.append((time.monotonic() - began) * 1000)
            sizes.append(len(answer))
            conn.close()
            if status != 200:
                sys.exit("bench/load.py: %s %s answered %d" % (method, path, status))
        rows[kind] = (sorted(times)[len(times) // 2], max(times), sorted(sizes)[len(sizes) // 2])
    return rows


async def write_ceiling(server, port, users, seconds):
    """Writers without think time, each changing its own milestones: commits per second."""
    return await load(server, port, users, ["milestone.status"], [1], seconds, 2, 0, 30)


# The server.

def await_idle(server, most=600):
    """Waits until the server has worked off what an earlier load left it (requests whose
    clients gave up): until it uses less than a tenth of a core for two seconds running, at
    most `most` seconds. Returns how long it took."""
    hz = os.sysconf("SC_CLK_TCK")
    began = time.monotonic()
    quiet = 0
    ticks = cpu_ticks(server.pid)
    while quiet < 2 and time.monotonic() - began < most:
        time.sleep(1)
        now = cpu_ticks(server.pid)
        quiet = quiet + 1 if (now - ticks) / hz < 0.1 else 0
        ticks = now
    return time.monotonic() - began


def settle(options, db, work, server, port, results):
    """Before the next load: the server idle again, or, when it is still working off given-up
    requests after two minutes, stopped (SIGKILL: the database is safe, the reliability trials
    show it) and started again."""
    busy = await_idle(server, most=120)
    results.setdefault("busy_after", []).append(busy)
    if busy < 120:
        print("  the server was busy %.0f s more" % busy, flush=True)
        return server, port
    print("  the server was still busy after 120 s: started again", flush=True)
    results["restarts"] = results.get("restarts", 0) + 1
    server.kill()
    server.wait()
    return start_server(options, db, work)


def start_server(options, db, work):
    log = open(os.path.join(work, "server.log"), "a")
    process = subprocess.Popen([os.path.join(options.bin, "mawp-server"), "--db", db, "--host", "127.0.0.1", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=log, text=True, env=dict(os.environ, LOG_LEVEL="warning"))
    line = process.stdout.readline()
    match = re.search(r":(\d+)\s*$", line)
    if not match:
        process.kill()
        sys.exit("bench/load.py: mawp-server did not start: %r (see %s)" % (line, log.name))
    return process, int(match.group(1))


def stop_server(process):
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def commit(folder=ROOT):
    """The commit of the git checkout `folder` is in (the binaries' for --bin), and whether
    its tracked files differ from it."""
    head = subprocess.run(["git", "-C", folder, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if not head:
        return "unknown"
    changed = subprocess.run(["git", "-C", folder, "status", "--porcelain", "-uno"], capture_output=True, text=True).stdout.strip()
    return head + (" with uncommitted changes" if changed else "")


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def parse_mix(text):
    weights = {k: v[1] for k, v in READS.items()}
    weights.update({k: v[1] for k, v in WRITES.items()})
    for item in filter(None, (text or "").split(",")):
        name, _, value = item.partition("=")
        if name not in weights:
            sys.exit("bench/load.py: --mix: no kind %r (kinds: %s)" % (name, ", ".join(weights)))
        weights[name] = float(value)
    return list(weights), list(weights.values())


# The run.

def run(options):
    work = tempfile.mkdtemp(prefix="mawp-load-")
    db = os.path.abspath(options.db) if options.db else os.path.join(work, "un.sqlite")
    server = None
    results = {}
    try:
        if options.prepare or not os.path.exists(db + ".users.tsv"):
            prepare(options, db)
            if options.prepare:
                return
        prepared = json.load(open(db + ".prepared.json"))
        roster = read_roster(db)
        print("reading the plan from %s ..." % db, flush=True)
        world = World(db, roster)
        results["reviewers"] = sum(1 for reviews in world.reviewer.values() if reviews)
        cookies = write_sessions(db, roster)
        rng = random.Random(options.seed)
        order = list(roster)
        rng.shuffle(order)
        users = [User(spec, cookies[spec["name"]], world, random.Random("%d-%s" % (options.seed, spec["name"]))) for spec in order]
        kinds, weights = parse_mix(options.mix)
        server, port = start_server(options, db, work)
        results["load_at_start"] = os.getloadavg()
        asyncio.run(check_session(port, db, roster[1]["name"]))
        results["rss_idle"] = rss_mb(server.pid)
        if not options.no_alone:
            print("each kind alone ...", flush=True)
            editors = [u for u in users if u.role == "editor" and u.mine]
            results["alone"] = asyncio.run(alone(port, editors, [k for k in READS if k != "dashboard"]))
            for kind, (median, most, size) in results["alone"].items():
                print("  %-18s median %7.1f ms  max %7.1f ms  %9d bytes" % (kind, median, most, size), flush=True)
        if not options.no_mix:
            print("the mix: %d users, think %.1f s, %d s after %d s of warm-up ..." % (options.users, options.think, options.duration,
                                                                                       options.warmup), flush=True)
            results["mix"] = asyncio.run(load(server, port, users[:options.users], kinds, weights, options.duration, options.warmup,
                                              options.think, options.timeout))
            print_run(results["mix"])
            server, port = settle(options, db, work, server, port, results)
        if not options.no_capacity:
            results["steps"] = []
            for count in [int(n) for n in options.steps.split(",")]:
                if count > len(users):
                    break
                print("capacity: %d users ..." % count, flush=True)
                step = asyncio.run(load(server, port, users[:count], kinds, weights, options.step_duration, options.step_warmup,
                                        options.step_think if options.step_think is not None else options.think, options.timeout))
                print_run(step)
                results["steps"].append(step)
                server, port = settle(options, db, work, server, port, results)
                if saturated(options, step):
                    break
            print("the write ceiling: 16 writers without think time ...", flush=True)
            writers = [u for u in users if u.role != "viewer" and u.mine][:16]
            results["ceiling"] = asyncio.run(write_ceiling(server, port, writers, options.ceiling_duration))
            print_run(results["ceiling"])
            server, port = settle(options, db, work, server, port, results)
        results["rss_before_dashboard"] = rss_mb(server.pid)
        results["hwm_before_dashboard"] = rss_mb(server.pid, "VmHWM")
        if not options.no_dashboard:
            print("the dashboard alone ...", flush=True)
            results["dashboard"] = asyncio.run(dashboard(port, users[0]))
            results["dashboard_hwm"] = rss_mb(server.pid, "VmHWM")
            print("  %.1f s, %.1f MB, server peak %.0f MB" % (results["dashboard"][0] / 1000, results["dashboard"][1] / 1e6,
                                                               results["dashboard_hwm"]), flush=True)
        stop_server(server)
        results["exit"] = server.returncode
        server = None
        if not options.no_write:
            section = write(options, prepared, results, kinds, weights, db)
            write_section(options.out, HEADING, section)
            print(section)
    finally:
        stop_server(server)
        # The server's log (warnings and errors only) is kept beside a database that stays.
        if options.db and os.path.exists(os.path.join(work, "server.log")):
            shutil.copy(os.path.join(work, "server.log"), db + ".server.log")
        shutil.rmtree(work, ignore_errors=True)


async def dashboard(port, user):
    conn = Connection(port)
    await conn.request("GET", "/healthz", {})
    began = time.monotonic()
    status, _, body = await asyncio.wait_for(conn.request("GET", "/", user.auth(True)), 600)
    conn.close()
    return (time.monotonic() - began) * 1000, len(body), status


def print_run(r):
    stats = r["stats"]
    print("  %d users: %d requests in %.0f s, answered %.1f/s; p50 %.1f ms, p99 %.1f ms, max %.0f ms; server %.2f cores, generator %.2f, "
          "machine %.2f; loop lag p99 %.1f ms; RSS %.0f-%.0f MB; unfinished %d; connections %d, retried %d" % (
              r["users"], r["requests"], r["duration"], r["rate"], r["p50"], r["p99"], r["max"], r["server_cores"],
              r["generator_cores"], r["machine_cores"], r["lag_p99"], r["rss_start"], r["rss_max"], r["unfinished"], r["connections"],
              r["retried"]), flush=True)
    if stats.unchanged:
        print("    changes answered \"changed\": false: %r" % dict(stats.unchanged), flush=True)
    for kind in ORDER:
        if kind in stats.latency:
            values = stats.latency[kind]
            bad = {k: v for k, v in stats.status[kind].items() if not ok(k)}
            print("    %-22s %6d  p50 %8.1f  p99 %8.1f  max %8.1f ms%s" % (
                kind, len(values), percentile(values, 50), percentile(values, 99), max(values), "  errors %r" % bad if bad else ""),
                  flush=True)


# The section of BENCHMARKS.md.

def ms(value):
    return "%.1f s" % (value / 1000) if value >= 10000 else "%.0f ms" % value if value >= 10 else "%.1f ms" % value


def errors_of(stats):
    counts = collections.Counter()
    for statuses in stats.status.values():
        for status, count in statuses.items():
            if not ok(status):
                counts[status] += count
    return counts


def write(options, prepared, results, kinds, weights, db):
    load_avg = results["load_at_start"]
    total_weight = sum(weights)
    lines = [
        HEADING,
        "",
        "Made by `python3 bench/load.py` (%s, the binaries of commit %s%s; %d cores, %s; load average %.1f when the server started): the release"
        " `mawp-server` on a loopback port over the plan of the whole UN system, loaded by simulated users from one Python"
        " process (asyncio, an HTTP/1.1 client of its own with one keep-alive connection per user). **The generator shares the"
        " machine's %d cores with the server**, and this machine is shared with other work: beside each load are the server's CPU,"
        " the generator's own CPU and the lateness of its timers (its event loop's lag), the part of every latency that is the"
        " generator's, so that the figures can be judged." % (
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), commit(options.bin),
            "" if prepared.get("commit") == commit(options.bin) else ", the database prepared by those of %s" % prepared.get("commit"),
            os.cpu_count(), cpu_model(), load_avg[0], os.cpu_count()),
        "",
        "**The plan** (`bench/generate.py %d --un --period`): %d agencies, %d groups (200 results groups of 40 country teams, and the"
        " GMG's five seeded ones, empty), %s activities (each led by one agency, with up to two partners), %s milestones, the period"
        " 2014-H1 with an update for 95%% of the activities (%s updates); %s events. Database file: %.0f MB. `mawp import`: %.1f s"
        " (%s milestones/s; the file of %.0f MB took %.1f s to generate)." % (
            prepared["milestones"], prepared["agency"], prepared["work_group"], "{:,}".format(prepared["activity"]),
            "{:,}".format(prepared["milestone"]), "{:,}".format(prepared["progress_update"]), "{:,}".format(prepared["event"]),
            prepared["db_mb"], prepared["import_s"], "{:,.0f}".format(prepared["milestone"] / prepared["import_s"]),
            prepared["plan_mb"], prepared["generate_s"]),
        "",
    ]
    roster = read_roster(db)
    roles = collections.Counter(u["role"] for u in roster)
    reviewers = results["reviewers"]
    lines += [
        "**The users**: %s, each with an agency (in turn over the 60), a home group (an agency's users take first the groups it"
        " co-chairs: %s of them review updates there) and an API token: %s editors, %s viewers, %s admins. bench-admin is made by"
        " `mawp user add` and `mawp token create` (%.1f s: bcrypt, cost 12); the others are written in one transaction with the"
        " same columns (bench-admin's bcrypt hash, each token's SHA-256, checked against the CLI's rows) in %.1f s, where the"
        " CLI would take about %.0f minutes. Each simulated user has its own token, and a session (the pages) written as the"
        " server writes one at sign-in (checked against a real sign-in)." % (
            "{:,}".format(len(roster)), "{:,}".format(reviewers), "{:,}".format(roles["editor"]), "{:,}".format(roles["viewer"]),
            "{:,}".format(roles["admin"]), prepared["cli_user_s"],
            prepared["accounts_s"], len(roster) * prepared["cli_user_s"] / 60),
        "",
    ]
    if "alone" in results:
        lines += [
            "**Each kind alone**: one request at a time, for five different users (groups, agencies, activities), no other request"
            " to the server:",
            "",
            "| request | route | median | slowest | size |",
            "| --- | --- | ---: | ---: | ---: |",
        ] + ["| %s | `%s` | %s | %s | %s |" % (kind, ROUTES[kind], ms(median), ms(most), size_text(size))
             for kind, (median, most, size) in results["alone"].items()]
        if "dashboard" in results:
            took, size, status = results["dashboard"]
            lines += ["| dashboard | `GET /` | %s (one) | | %s |" % (ms(took), size_text(size))]
        lines += [""]
    if "mix" in results:
        r = results["mix"]
        stats = r["stats"]
        lines += [
            "**The mix**: %d users, each a request then a think time (exponential, mean %g s), %.0f s measured after %d s of"
            " warm-up (the users start within it); the requests begun in the measured window, each waited for up to %.0f s"
            " (one unanswered by then is an error, `timeout`, and its connection is closed):" % (
                r["users"], r["think"], r["duration"], options.warmup, options.timeout),
            "",
            "| request | route | drawn | requests | share | p50 | p99 | max | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        drawn = dict(zip(kinds, weights))
        shown = set()
        for kind in ORDER:
            if kind not in stats.latency:
                continue
            values = stats.latency[kind]
            bad = sum(v for k, v in stats.status[kind].items() if not ok(k))
            base = kind if kind in drawn else {"milestone.done": "milestone.status", "milestone.reopen": "milestone.status",
                                               "update.approve": "update.review", "update.return": "update.review"}[kind]
            share = "″" if base in shown else "%.0f%%" % (100 * drawn[base] / total_weight)
            shown.add(base)
            lines.append("| %s | `%s` | %s | %d | %.1f%% | %s | %s | %s | %d |" % (
                kind, ROUTES[kind], share, len(values),
                100.0 * len(values) / max(1, r["requests"]), ms(percentile(values, 50)), ms(percentile(values, 99)), ms(max(values)), bad))
        errors = errors_of(stats)
        writes = stats.answered([k for k in stats.latency if k not in READS])
        lines += [
            "| all | | 100%% | %d | | %s | %s | %s | %d |" % (r["requests"], ms(r["p50"]), ms(r["p99"]), ms(r["max"]), sum(errors.values())),
            "",
            "- Throughput, answered (2xx, 3xx): %.1f requests/s (%.1f reads/s, %.1f changes/s, each a commit); begun: %.1f/s." % (
                r["rate"], r["rate"] - writes / r["duration"], writes / r["duration"], r["begun_rate"]),
            "- Errors by status: %s (503: the readers' queue full, or the database busy past two seconds; timeout: unanswered after %.0f s). Changes"
            " answered \"changed\": false (not a real change): %s." % (
                ", ".join("%s: %d" % (k, v) for k, v in sorted(errors.items(), key=str)) or "none", options.timeout,
                ", ".join("%s %d" % kv for kv in sorted(stats.unchanged.items())) or "none"),
            "- The server: RSS %.0f MB idle, %.0f MB at the start of the window, %.0f MB at most, %.0f MB at its end; CPU %.2f of %d cores."
            % (results["rss_idle"], r["rss_start"], r["rss_max"], r["rss_end"], r["server_cores"], os.cpu_count()),
            "- The generator: %.2f cores; its event loop's lag p99 %s, at most %s. The whole machine: %.2f cores busy (others: %.2f)." % (
                r["generator_cores"], ms(r["lag_p99"]), ms(r["lag_max"]), r["machine_cores"], others(r)),
            "",
        ]
    if results.get("steps"):
        lines += [
            "**Capacity**: the same mix with more users, each step %d s after %d s of warm-up, think time mean %g s, on the same"
            " server; the steps stop after the first saturated one (p50 above %.0f ms, a request unanswered after %.0f s, or"
            " more than 1%% of the requests refused):" % (
                options.step_duration, options.step_warmup, results["steps"][0]["think"], options.stop_p50, options.timeout),
            "",
            "| users | answered/s | p50 | p99 | slowest kind (its p99) | errors | server CPU | generator CPU | others' CPU | loop lag p99 |",
            "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for s in results["steps"]:
            worst = max(s["stats"].latency.items(), key=lambda kv: percentile(kv[1], 99))
            lines.append("| %d | %.1f | %s | %s | %s (%s) | %d | %.2f | %.2f | %.2f | %s |" % (
                s["users"], s["rate"], ms(s["p50"]), ms(s["p99"]), worst[0], ms(percentile(worst[1], 99)),
                sum(errors_of(s["stats"]).values()), s["server_cores"], s["generator_cores"], others(s), ms(s["lag_p99"])))
        lines.append("")
    if results.get("restarts"):
        lines += ["Between two loads the server is left to work off the requests whose clients gave up; %s it was still"
                  " busy after two minutes and was started again." % (
                      "once" if results["restarts"] == 1 else "%d times" % results["restarts"]), ""]
    if "ceiling" in results:
        c = results["ceiling"]
        lines += [
            "**The write ceiling**: %d writers without think time, each marking its own milestones done and reopening them, %.0f s:"
            " %.0f commits/s, p50 %s, p99 %s, %d errors (server %.2f cores, generator %.2f)." % (
                c["users"], c["duration"], c["rate"], ms(c["p50"]), ms(c["p99"]), sum(errors_of(c["stats"]).values()),
                c["server_cores"], c["generator_cores"]),
            "",
        ]
    if "dashboard" in results:
        took, size, status = results["dashboard"]
        lines += [
            "**The dashboard** (`GET /`, the whole plan's report as a page) alone: %s, %s of HTML (status %s); the server's peak"
            " memory went from %.0f MB to %.0f MB. It is left out of the mix (weight 0; `--mix dashboard=1` puts it in): one user"
            " opening it holds a core for that long." % (
                ms(took), size_text(size), status, results["hwm_before_dashboard"], results["dashboard_hwm"]),
            "",
        ]
    lines += capacity_model(options, results)
    return "\n".join(lines).rstrip("\n") + "\n"


def others(r):
    """The cores the rest of the machine used meanwhile (other work on this shared machine)."""
    return max(0.0, r["machine_cores"] - r["server_cores"] - r["generator_cores"])


def size_text(size):
    return "%.1f MB" % (size / 1e6) if size >= 1e6 else "%.0f kB" % (size / 1e3) if size >= 1e3 else "%d B" % size


def error_share(run):
    """The share of the requests begun that got an error (a 5xx, or no answer in time)."""
    begun = sum(len(v) for v in run["stats"].latency.values())
    return sum(errors_of(run["stats"]).values()) / max(1, begun)


def saturated(options, step):
    """More asked of the server than it answers: p50 above --stop-p50, a request unanswered, or
    more than 1% refused (503: the readers' queue full, or the file busy)."""
    return step["p50"] > options.stop_p50 or bool(step["stats"].status_total("timeout")) or error_share(step) > 0.01


def capacity_model(options, results):
    """What the figures say: the users one server carries at p99 ≤ the bar, and what next."""
    bar = options.bar
    steps = results.get("steps", [])
    # Where p99 crosses the bar (or a request is refused): the first such step; what was carried, the step before.
    crossing = next((index for index, step in enumerate(steps) if step["p99"] > bar or error_share(step) > 0), None)
    carried = steps[crossing - 1] if crossing else steps[-1] if steps and crossing is None else None
    slow = [(kind, times[0]) for kind, times in results.get("alone", {}).items() if times[0] > bar]
    lines = ["### Capacity model", ""]
    if carried:
        lines.append(
            "- At p99 ≤ %d ms one server carried **%d such users** (%.1f requests/s, %.3f per user at a think time of %g s)%s."
            " Counted in requests that is %.0f requests/s of this mix: a focal point making the same mix at one request every"
            " 30 s on average (0.033/s) would be about %s users." % (
                bar, carried["users"], carried["rate"], carried["rate"] / carried["users"], carried["think"],
                "; at the next step, %d users, p99 was %s%s" % (
                    steps[crossing]["users"], ms(steps[crossing]["p99"]),
                    " and %.1f%% of the requests were refused" % (100 * error_share(steps[crossing])) if error_share(steps[crossing]) else "")
                if crossing else "; no step crossed the bar, so the largest tried is a lower bound",
                carried["rate"], "{:,.0f}".format(carried["rate"] * 30)))
    elif steps:
        lines.append(
            "- At p99 ≤ %d ms one server carried **none of the steps**: the first, %d users (%.1f requests/s), already had p99 %s." % (
                bar, steps[0]["users"], steps[0]["rate"], ms(steps[0]["p99"])))
    loads = steps + ([results["mix"]] if "mix" in results else [])
    if loads and (crossing is not None or not carried):  # saturated somewhere: the most it gave
        most = max(loads, key=lambda r: r["rate"])
        lines.append(
            "- The most it answered: %.1f requests/s of this mix (with %d users, p50 %s, its CPU %.2f cores): what about %d users"
            " ask for at a think time of %g s (requests/s × think time), at whatever latency." % (
                most["rate"], most["users"], ms(most["p50"]), most["server_cores"], most["rate"] * most["think"], most["think"]))
    if slow:
        lines.append(
            "- Alone, with no other request to the server, %d of the %d kinds of read take more than %d ms (median): %s. While they do, no"
            " number of users meets the bar, and more users only queue behind them (the server reads on three read-only"
            " connections; these requests are CPU-bound)." % (
                len(slow), len(results["alone"]), bar, ", ".join("%s %s" % (k, ms(v)) for k, v in slow)))
    loaded = results.get("mix") or (steps[0] if steps else None)
    if loaded and "ceiling" in results:
        changes = [ms_ for kind, values in loaded["stats"].latency.items() if kind not in READS for ms_ in values]
        alone_p50 = results["ceiling"]["p50"]
        if changes and percentile(changes, 50) > 10 * alone_p50:
            lines.append(
                "- Changes wait for the reads: %s at p50 (p99 %s) with %d users, against %s at the write ceiling. A request's"
                " token or session is looked up on a connection of its own, so a change does not queue behind the reads; but"
                " with the rollback journal a commit waits until every read in progress has ended, and no read begins while"
                " it commits (the server's CPU stayed at %.2f of %d cores: its readers waited for the writer's lock as often"
                " as for a core)." % (
                    ms(percentile(changes, 50)), ms(percentile(changes, 99)), loaded["users"], ms(alone_p50),
                    loaded["server_cores"], os.cpu_count()))
    if loaded and sum(errors_of(loaded["stats"]).values()):
        refused = loaded["stats"].status_total(503)
        if refused:
            lines.append(
                "- Past what it answers, the server refuses rather than queues without end: with %d users %.0f%% of the"
                " requests were answered 503 with Retry-After at once (at most %d reads wait for a reader,"
                " `--max-waiting-reads`), and no request waited more than %s." % (
                    loaded["users"], 100 * refused / max(1, sum(len(v) for v in loaded["stats"].latency.values())), 256,
                    ms(max(max(v) for v in loaded["stats"].latency.values()))))
    busy = max(results.get("busy_after", [0]))
    if busy > 10 or results.get("restarts"):
        lines.append(
            "- Requests given up on by their clients are still worked off: after a load the server went on working for %s." % (
                "more than two minutes (and was started again)" if results.get("restarts") else "%.0f s" % busy))
    if "mix" in results and "ceiling" in results:
        r, c = results["mix"], results["ceiling"]
        # What the mix's users ask for when answered at once: users ÷ think time × the changes' share.
        changes = sum(w for k, w in zip(*parse_mix(options.mix)) if k in WRITES) / sum(parse_mix(options.mix)[1])
        asked = r["users"] / max(r["think"], 1e-9) * changes
        share = asked / max(1e-9, c["rate"])
        lines.append(
            "- Writes: %d users of this mix ask for about %.0f changes/s (users ÷ think time × %.0f%% changes), against a ceiling"
            " of %.0f commits/s measured on the same file (%.0f%%): %s." % (
                r["users"], asked, 100 * changes, c["rate"], 100 * share,
                "far from it, not the limit" if share < 0.25 else "a large part of it" if share < 0.5 else "near it: writes are a limit"))
    lines += [
        "",
        ("What next, in order. First the reads that are slow alone: while one request takes longer than the bar by itself, no"
         " deployment meets it, and the work each does is the same on any store. Then, for more users than one server carries"
         " once they are fast: " if slow else "What next, for more users than one server carries: ") +
        "mawp keeps one SQLite file on one host, with one writer connection and three readers. A bigger host (more"
        " readers, `--readers`) comes first; then WAL, once the system's SQLite has the 3.51.3 fix of the WAL-reset race"
        " (docs/architecture.md, Storage), so that reads and a commit no longer wait for each other; the step after is"
        " the repository layer (WorkPlan, DESIGN §2) over PostgreSQL, with several mawp-server"
        " processes on several hosts in front of it. The figures that would call for it, measured as here: p99 above %d ms at"
        " the number of users one needs while the reads alone are fast and the server's cores are busy; or changes sustained"
        " above about half the write ceiling measured on the same file (one writer, group commit), where the writes' p99"
        " begins to grow." % bar,
        "",
    ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"), help="the folder of mawp and mawp-server (release)")
    parser.add_argument("--db", help="the prepared database to use (made there when missing, with PATH.users.tsv beside it)")
    parser.add_argument("--prepare", action="store_true", help="only prepare --db (again) and stop")
    parser.add_argument("--milestones", type=int, default=1000000, help="the plan's size (ten milestones per activity)")
    parser.add_argument("--accounts", type=int, default=2000, help="how many users the database holds")
    parser.add_argument("--users", type=int, default=500, help="simulated users in the mix")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured")
    parser.add_argument("--warmup", type=int, default=15, help="seconds of warm-up before them")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time in seconds (exponential)")
    parser.add_argument("--timeout", type=float, default=60.0, help="a request unanswered after this many seconds is an error")
    parser.add_argument("--mix", help="weights of the kinds, as kind=weight,... (e.g. dashboard=1,update.write=0)")
    parser.add_argument("--steps", default="5,10,25,50,100,250,500,1000,2000", help="users of the capacity steps")
    parser.add_argument("--step-duration", type=int, default=30)
    parser.add_argument("--step-warmup", type=int, default=10)
    parser.add_argument("--step-think", type=float, help="mean think time in the steps (default: --think)")
    parser.add_argument("--stop-p50", type=float, default=5000.0,
                        help="stop the steps after a saturated one: p50 above this (ms), or a request unanswered")
    parser.add_argument("--ceiling-duration", type=int, default=10)
    parser.add_argument("--bar", type=float, default=200.0, help="the p99 bar of the capacity model (ms)")
    parser.add_argument("--no-alone", action="store_true", help="skip timing each kind alone")
    parser.add_argument("--no-mix", action="store_true")
    parser.add_argument("--no-capacity", action="store_true", help="skip the steps and the write ceiling")
    parser.add_argument("--no-dashboard", action="store_true", help="skip the dashboard alone")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    parser.add_argument("--no-write", action="store_true", help="print, do not write BENCHMARKS.md")
    options = parser.parse_args()
    if options.prepare and not options.db:
        sys.exit("bench/load.py: --prepare needs --db PATH")
    for program in ["mawp", "mawp-server"]:
        if not os.access(os.path.join(options.bin, program), os.X_OK):
            sys.exit("bench/load.py: no %s in %s (--bin DIR: the release build's folder)" % (program, options.bin))
    # Ctrl-C (also when started in the background, where SIGINT comes ignored) and SIGTERM stop
    # the run: the server is stopped on the way out.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run(options)
    except KeyboardInterrupt:
        sys.exit("bench/load.py: interrupted; the server is stopped")


if __name__ == "__main__":
    main()
