#!/usr/bin/env python3
"""Redmine from Debian's packages as the server benchmark's peer (issue 22 §1).

    python3 bench/peer/redmine.py PLAN.json [--db sqlite|postgresql] [--sqlite-timeout MS]

sets up a Redmine instance in a scratch folder with the plan PLAN.json (bench/generate.py's
output, as bench/server.py loads it into mawp), starts puma on a free port of 127.0.0.1,
prints its address and an admin API key, and serves until Ctrl-C; then it stops every
process it started and deletes the folder. `python3 bench/server.py --peer redmine` uses this
module to measure mawp-server and Redmine side by side. Not part of CI.

Needs Debian's packages: `apt-get install redmine redmine-sqlite puma`, and for --db
postgresql also `redmine-pgsql postgresql`; it says which are missing. It changes nothing
outside its scratch folder (no /etc, no /var/lib): see bench/peer/README.md for how.

The set-up, in order (a minute or so):

1. a folder for the instance (config, log, tmp, files), its database.yml as Debian's template
   writes it, a secret key, and a copy of Debian's Gemfile that looks for the adapter in this
   database.yml only (with its own Gemfile.lock, resolved from the installed gems: `bundle lock
   --local`);
2. with --db postgresql, a PostgreSQL cluster of its own (initdb from Debian's postgresql
   package, as the postgres user when run as root) on a free loopback port;
3. `rake db:migrate` and `rake redmine:load_default_data` (English), as Debian's postinst does;
4. the plan: one public project per group, one issue per milestone with the same due date,
   closed when the milestone is done (bench/peer/load.rb through `rails runner`, one multi-row
   INSERT per thousand issues), the REST API enabled and an API key for the admin;
5. puma (Debian's), 2 workers × 5 threads, the application loaded before the workers fork.
"""
import argparse
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REDMINE = "/usr/share/redmine"
HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGES = {"sqlite": ["redmine", "redmine-sqlite", "puma"],
            "postgresql": ["redmine", "redmine-pgsql", "puma", "postgresql"]}
WORKERS, THREADS = 2, 5

# Debian's Redmine finds an instance's folders under /usr/share/redmine/instances/NAME, a link
# to /var/lib/redmine/NAME, where NAME is $REDMINE_INSTANCE (lib/redmine/multi_tenancy.rb:
# Pathname.new(File.join(Rails.root, 'instances', NAME))). A NAME that climbs out to the root
# and down again puts the instance in the scratch folder without touching /var/lib: enough "../"
# that both readings of the path end at "/", Ruby's (which folds "instances/.." to
# /usr/share/redmine) and the kernel's (which follows the link to /var/lib/redmine first).
CLIMB = "../" * 8


def missing_packages(db):
    """The Debian packages that --db needs and that are not installed."""
    missing = []
    for package in PACKAGES[db]:
        status = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", package], capture_output=True, text=True).stdout
        if not status.endswith("installed"):
            missing.append(package)
    return missing


def check_packages(dbs):
    missing = sorted({package for db in dbs for package in missing_packages(db)})
    if missing:
        sys.exit("The Redmine peer needs Debian's packages; install them with:\n\n"
                 "    apt-get update && apt-get install -y %s\n" % " ".join(missing))


def free_port():
    """A port free on 127.0.0.1 at this moment (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """Every process the benchmark starts, each as the leader of a process group of its own, so
    that stopping it also stops its children (puma's workers, PostgreSQL's backends) and a
    Ctrl-C in the terminal reaches only the benchmark, which then stops them itself."""

    def __init__(self):
        self.running = []
        self.stop_signals = {}

    def start(self, args, stop_signal=signal.SIGTERM, **options):
        """Popen(args, **options) in a new session; `stop_signal` is what stops it gently."""
        process = subprocess.Popen(args, start_new_session=True, **options)
        self.running.append(process)
        self.stop_signals[process.pid] = stop_signal
        return process

    def stop(self, process, timeout=20):
        """Its stop signal to the process's group, SIGKILL to what is left of it after `timeout`."""
        if process not in self.running:
            return
        self.running.remove(process)
        try:
            os.killpg(process.pid, self.stop_signals.pop(process.pid))
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        # The leader may be gone while its children are not (a puma worker finishing).
        while True:
            try:
                os.killpg(process.pid, signal.SIGKILL if time.monotonic() > deadline else 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        process.wait()

    def stop_all(self):
        for process in reversed(list(self.running)):
            self.stop(process)


def descendants(root):
    """`root` and every process below it (puma's master and workers; PostgreSQL's postmaster and
    its backends, which each make a process group of their own)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))  # the fourth field, ppid
    pids, queue = [], [root]
    while queue:
        pid = queue.pop()
        pids.append(pid)
        queue += children.get(pid, [])
    return pids


def memory_kb(pids, field):
    """The sum of `field` (VmRSS from status, Pss from smaps_rollup) over the processes."""
    total = 0
    for pid in pids:
        source = "/proc/%d/status" % pid if field.startswith("Vm") else "/proc/%d/smaps_rollup" % pid
        try:
            with open(source) as lines:
                for line in lines:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def time_to_answer(began, url, headers, process, timeout=180):
    """Seconds from `began` (just before the exec) until `url` answers 200."""
    request = urllib.request.Request(url, headers=headers)
    while time.monotonic() - began < timeout:
        if process.poll() is not None:
            raise RuntimeError("the server exited (%d) before answering %s" % (process.returncode, url))
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
                if answer.status == 200:
                    return time.monotonic() - began
        except (urllib.error.URLError, ConnectionError):
            pass  # not listening yet (refused), or not ready (5xx)
        time.sleep(0.005)
    raise RuntimeError("%s did not answer within %d s" % (url, timeout))


def read_plan(path, names=None):
    """The plan of bench/generate.py's file as Redmine's groups and issues: the groups in the
    order they appear, the issues numbered from 1 in the order of the milestones, each with its
    activity's start, its due date and, if its last done/reopened event is a done, that date.
    Also gives the milestones' refs in the same order (issue i is refs[i - 1])."""
    with open(path) as file:
        plan = json.load(file)
    done = {}
    dropped = set()
    due = {}
    for event in plan.get("events", []):
        ref = event.get("milestone")
        if event["kind"] == "milestone.done":
            done[ref] = event["on"]
        elif event["kind"] == "milestone.reopened":
            done[ref] = None
        elif event["kind"] == "milestone.dropped":
            dropped.add(ref)
        elif event["kind"] == "milestone.edited" and "due" in event["details"].get("new", {}):
            due[ref] = event["details"]["new"]["due"]
    groups, issues, refs = [], [], []
    for activity in plan["activities"]:
        group = activity["ref"].rsplit("-", 1)[0]
        if group not in groups:
            groups.append(group)
        for milestone in activity["milestones"]:
            if milestone["ref"] in dropped:
                continue
            refs.append(milestone["ref"])
            issue_due = due.get(milestone["ref"], milestone["due"])
            issues.append({"id": len(issues) + 1, "group": group, "subject": milestone["title"],
                           "start": min(activity["start"], issue_due), "due": issue_due,
                           "closedOn": done.get(milestone["ref"])})
    names = names or {}
    return {"groups": [{"code": code, "name": names.get(code, code)} for code in groups], "issues": issues}, refs


class Postgres:
    """A PostgreSQL cluster of its own in `folder`, from Debian's postgresql package, listening
    on a free loopback port only (no Unix socket), trusting local connections; the superuser is
    named redmine. Run as the postgres user when this runs as root (PostgreSQL refuses root)."""

    def __init__(self, folder, processes, log):
        self.folder, self.processes, self.log = folder, processes, log
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))[-1]
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]
        self.process = None
        self.port = None

    def start(self):
        data = os.path.join(self.folder, "pgdata")
        os.makedirs(data)
        if self.as_user:
            shutil.chown(data, "postgres", "postgres")
        subprocess.run(self.as_user + [os.path.join(self.bin, "initdb"), "-D", data, "-U", "redmine", "-A", "trust",
                                       "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"],
                       check=True, stdout=self.log, stderr=subprocess.STDOUT)
        self.port = free_port()
        # SIGINT is PostgreSQL's fast shutdown: it ends the sessions and stops its processes
        # (SIGTERM would wait for every client to leave).
        self.process = self.processes.start(
            self.as_user + [os.path.join(self.bin, "postgres"), "-D", data, "-c", "listen_addresses=127.0.0.1",
                            "-c", "port=%d" % self.port, "-c", "unix_socket_directories="],
            stop_signal=signal.SIGINT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        ready = [os.path.join(self.bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        while subprocess.run(ready).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start; see %s" % self.log.name)
            time.sleep(0.1)
        subprocess.run([os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "redmine",
                        "-E", "UTF8", "redmine"], check=True, stdout=self.log, stderr=subprocess.STDOUT)

    def pids(self):
        return descendants(self.process.pid) if self.process else []

    def stop(self):
        if self.process:
            self.processes.stop(self.process)
            self.process = None


class Redmine:
    """One Redmine instance in `work`/redmine-`db`, over SQLite or PostgreSQL."""

    def __init__(self, work, db, processes, sqlite_timeout=None):
        self.db = db
        self.sqlite_timeout = sqlite_timeout
        self.folder = os.path.join(work, "redmine-" + db)
        self.instance = os.path.join(self.folder, "instance")
        self.processes = processes
        self.process = None
        self.port = None
        self.key = None
        self.statuses = None
        self.postgres = None
        os.makedirs(self.folder)
        self.log = open(os.path.join(self.folder, "setup.log"), "w")

    def env(self):
        return dict(os.environ, RAILS_ENV="production", BUNDLE_GEMFILE=os.path.join(self.folder, "Gemfile"),
                    REDMINE_INSTANCE=CLIMB + self.instance.lstrip("/"))

    def ruby(self, args, **extra):
        """Runs a rake task or rails command in Debian's Redmine folder, on this instance."""
        self.log.flush()
        result = subprocess.run(args, cwd=REDMINE, env=dict(self.env(), **extra), stdout=subprocess.PIPE,
                                stderr=self.log, text=True)
        self.log.write(result.stdout)
        self.log.flush()
        if result.returncode != 0:
            raise RuntimeError("%s failed (%d); see %s" % (" ".join(args), result.returncode, self.log.name))
        return result.stdout

    def setup(self, plan):
        """Makes the instance, migrates it and loads the plan; gives the seconds each step took."""
        steps = {}
        began = time.monotonic()
        for sub in ["config", "log", "tmp", "files", "public/plugin_assets"]:
            os.makedirs(os.path.join(self.instance, sub))
        if self.db == "sqlite":
            # As Debian's template (templates/database-sqlite3.yml.template) writes it: no pool
            # (Rails' 5) and no timeout, so a writer that finds the file locked fails at once.
            # With sqlite_timeout (ms), Rails' own default adds `timeout`: SQLite's busy timeout.
            database = {"adapter": "sqlite3", "database": os.path.join(self.folder, "redmine.sqlite3"), "encoding": "utf8"}
            if self.sqlite_timeout:
                database["timeout"] = self.sqlite_timeout
        else:
            self.postgres = Postgres(self.folder, self.processes, self.log)
            os.chmod(os.path.dirname(self.folder), 0o711)  # the postgres user must reach its folder
            os.chmod(self.folder, 0o711)
            self.postgres.start()
            database = {"adapter": "postgresql", "database": "redmine", "host": "127.0.0.1", "port": self.postgres.port,
                        "username": "redmine", "encoding": "utf8"}
        with open(os.path.join(self.instance, "config", "database.yml"), "w") as file:
            file.write("production:\n" + "".join("  %s: %s\n" % item for item in database.items()))
        with open(os.path.join(self.instance, "config", "secret_key.txt"), "w") as file:
            file.write(os.urandom(16).hex() + "\n")
        # Debian's Gemfile picks the database adapters' gems from the database.yml files it finds
        # under /usr/share/redmine; this copy looks at this instance's only.
        with open(os.path.join(REDMINE, "Gemfile")) as file:
            gemfile = file.read()
        pattern = "/usr/share/redmine/{config,instances/*/config}/database.yml"
        if pattern not in gemfile:
            raise RuntimeError("Debian's Gemfile no longer reads %s: bench/peer/redmine.py needs a look" % pattern)
        with open(os.path.join(self.folder, "Gemfile"), "w") as file:
            file.write(gemfile.replace(pattern, os.path.join(self.instance, "config", "database.yml")))
        self.ruby(["bundle", "lock", "--local"])
        steps["instance"] = time.monotonic() - began

        began = time.monotonic()
        self.ruby(["rake", "db:migrate"], SCHEMA="/dev/null")  # as Debian's postinst: db/ is not writable
        self.ruby(["rake", "redmine:load_default_data"], REDMINE_LANG="en")
        steps["migrate"] = time.monotonic() - began

        began = time.monotonic()
        issues_json = os.path.join(self.folder, "issues.json")
        with open(issues_json, "w") as file:
            json.dump(plan, file)
        key_file = os.path.join(self.folder, "api-key")
        out = self.ruby(["ruby", "bin/rails", "runner", os.path.join(HERE, "load.rb"), issues_json, key_file])
        self.statuses = json.loads(out.strip().splitlines()[-1])
        if self.statuses["issues"] != len(plan["issues"]):
            raise RuntimeError("Redmine holds %d issues, not %d" % (self.statuses["issues"], len(plan["issues"])))
        with open(key_file) as file:
            self.key = file.read().strip()
        steps["load"] = time.monotonic() - began

        with open(os.path.join(self.folder, "puma.rb"), "w") as file:
            file.write(PUMA_CONFIG)
        return steps

    def headers(self):
        return {"X-Redmine-API-Key": self.key}

    def count(self, table):
        """The rows of one of Redmine's tables, read with the database's own shell."""
        if self.db == "sqlite":
            args = ["sqlite3", "-cmd", ".timeout 10000", os.path.join(self.folder, "redmine.sqlite3")]
        else:
            args = [os.path.join(self.postgres.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.postgres.port), "-U", "redmine",
                    "-d", "redmine", "-tA", "-c"]
        out = subprocess.run(args + ["SELECT count(*) FROM %s" % table], check=True, capture_output=True, text=True).stdout
        return int(out.strip())

    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        """Starts puma; gives the seconds from its exec to the first answer of GET /issues/1.json."""
        self.port = free_port()
        out = open(os.path.join(self.folder, "puma.log"), "a")
        began = time.monotonic()
        self.process = self.processes.start(["puma", "-C", os.path.join(self.folder, "puma.rb"),
                                             "-b", "tcp://127.0.0.1:%d" % self.port],
                                            cwd=REDMINE, env=self.env(), stdout=out, stderr=subprocess.STDOUT)
        out.close()
        return time_to_answer(began, self.base() + "/issues/1.json", self.headers(), self.process)

    def pids(self):
        """puma's master and its workers."""
        return descendants(self.process.pid) if self.process else []

    def stop(self):
        if self.process:
            self.processes.stop(self.process)
            self.process = None

    def close(self):
        self.stop()
        if self.postgres:
            self.postgres.stop()
        self.log.close()


# puma's configuration: 2 workers × 5 threads (a common production set-up for a 2-core host),
# the application loaded once in the master and shared with the workers (copy on write). The
# master drops its database connections before it forks, so that no worker shares one.
PUMA_CONFIG = """# Written by bench/peer/redmine.py.
directory '%s'
rackup '%s/config.ru'
environment 'production'
workers %d
threads %d, %d
preload_app!
before_fork do
  ActiveRecord::Base.connection_handler.clear_all_connections! if defined?(ActiveRecord::Base)
end
""" % (REDMINE, REDMINE, WORKERS, THREADS, THREADS)


def main():
    parser = argparse.ArgumentParser(description="Set up and serve Redmine with the benchmark's plan.")
    parser.add_argument("plan", help="bench/generate.py's output")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sqlite-timeout", type=int, metavar="MS",
                        help="SQLite's busy timeout in database.yml (default: none, as Debian's template)")
    options = parser.parse_args()
    check_packages([options.db])
    processes = Processes()
    work = tempfile.mkdtemp(prefix="mawp-peer-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    redmine = None
    try:
        plan, _ = read_plan(options.plan)
        redmine = Redmine(work, options.db, processes, options.sqlite_timeout)
        steps = redmine.setup(plan)
        print("set up in %s" % ", ".join("%s %.1f s" % item for item in steps.items()))
        seconds = redmine.start()
        print("Redmine (%s) on %s, first answer %.1f s after the exec" % (options.db, redmine.base(), seconds))
        print("API key: %s   (curl -H 'X-Redmine-API-Key: %s' %s/issues/1.json)" % (redmine.key, redmine.key, redmine.base()))
        print("Ctrl-C stops it and deletes %s" % work)
        while redmine.process.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        if redmine:
            redmine.close()
        processes.stop_all()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
