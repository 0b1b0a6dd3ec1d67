"""mawp remind through a real mail system (DESIGN §11, issue 21).

Debian's msmtp-mta provides /usr/sbin/sendmail; it is configured (in $HOME/.msmtprc of a scratch
home) to deliver to an SMTP sink of aiosmtpd on loopback. What arrives is parsed with Python's
email package and checked: recipients, subjects, both parts, encodings, links and escaping; then
idempotence, the weekly rule across an ISO week, the daily rule, a sink that is down (exit 75,
nothing recorded, all sent on the next run) and --dry-run.

usage: check_remind.py MAWP WORKDIR; prints "N failure(s)" last and exits 1 on any failure.
"""
import email
import re
import email.policy
import os
import socket
import subprocess
import sys
from email.utils import parsedate_to_datetime

from aiosmtpd.controller import Controller

MAWP, WORK = sys.argv[1], sys.argv[2]
HOME = os.path.join(WORK, "home")
os.makedirs(HOME, exist_ok=True)
DB = os.path.join(WORK, "plan.sqlite")
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


class Sink:
    """Keeps every message it is handed, with its envelope's recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message, envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
sink = Sink()
controller = Controller(sink, hostname="127.0.0.1", port=PORT)
controller.start()

rc = os.path.join(HOME, ".msmtprc")
with open(rc, "w") as f:
    f.write(f"defaults\nauth off\ntls off\n\naccount default\nhost 127.0.0.1\nport {PORT}\nfrom mawp@example.org\n")
os.chmod(rc, 0o600)

ENV = {"PATH": "/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8", "MAWP_DB": DB, "MAWP_USER": "secretariat"}


def mawp(*args, stdin=None):
    result = subprocess.run([MAWP, *args], env=ENV, input=stdin, capture_output=True, text=True)
    return result


def must(*args, stdin=None):
    result = mawp(*args, stdin=stdin)
    if result.returncode != 0:
        print(f"mawp {' '.join(args)}: exit {result.returncode}\n{result.stdout}{result.stderr}")
        sys.exit(1)
    return result


def remind(day, *extra):
    return mawp("remind", "--as-of", day, "--base-url", "https://mawp.example.org/", "--from", "mawp@example.org", *extra)


# A plan: the sample, a UNICEF activity whose titles are hostile, a period that is open.
must("init", "--sample")
hostile = "Toolkit <script>alert(1)</script> & \"Ümlaut\" — guide"
must("activity", "add", "rights", hostile, "--lead", "UNICEF")
must("milestone", "add", "rights-4", "Draft <b>for</b> comments", "--due", "2014-12-24")
must("milestone", "add", "rights-4", "Overdue part & more", "--due", "2014-12-01")
must("period", "add", "2014-H2", "--title", "Second half of 2014", "--from", "2014-07-01", "--to", "2014-12-31", "--deadline", "2015-01-15")
password = "a long enough password\n"
must("user", "add", "amina.unicef", "--agency", "UNICEF", "--role", "editor", "--email", "amina@unicef.example", "--password-stdin", stdin=password)
must("user", "add", "oscar.ohchr", "--agency", "OHCHR", "--role", "editor", "--email", "oscar@ohchr.example", "--reminders", "daily",
     "--password-stdin", stdin=password)
must("user", "add", "ilo.viewer", "--agency", "ILO", "--role", "viewer", "--password-stdin", stdin=password)
must("user", "add", "quiet.unfpa", "--agency", "UNFPA", "--role", "editor", "--email", "quiet@unfpa.example", "--reminders", "off",
     "--password-stdin", stdin=password)
must("user", "add", "gone.undp", "--agency", "UNDP", "--role", "editor", "--email", "gone@undp.example", "--password-stdin", stdin=password)
must("user", "disable", "gone.undp")
# UNICEF writes and submits its update of rights-1: OHCHR (co-lead of rights) has it to review.
must("update", "write", "rights-1", "--period", "2014-H2", "--status", "on-track", "--achievements", "Chapters collected.", "--by", "amina.unicef")
must("update", "submit", "rights-1", "--period", "2014-H2", "--by", "amina.unicef")

# 1. Wednesday 17 December 2014: everyone with something to hear, once.
first = remind("2014-12-17")
check(first.returncode == 0, f"the first run exits 0 ({first.returncode}: {first.stderr.strip()})")
check("Sent 2 reminders for 2014-12-17." in first.stdout, f"it says what it sent: {first.stdout.strip()}")
by_recipient = {tuple(rcpts): (message, raw) for rcpts, message, raw in sink.messages}
check(set(by_recipient) == {("amina@unicef.example",), ("oscar@ohchr.example",)},
      f"only users with an address, reminders on and not disabled: {sorted(by_recipient)}")

amina, amina_raw = by_recipient.get(("amina@unicef.example",), (None, b""))
if amina is not None:
    check(amina["To"] == "amina@unicef.example", "To is the user's address")
    check(str(amina["Subject"]) == "GMG work plan \u2014 UNICEF: 1 overdue, 1 due soon, 1 update owed",
          f"the subject, decoded: {amina['Subject']}")
    check(b"=?UTF-8?B?" in amina_raw.split(b"\r\n\r\n")[0], "the subject is an RFC 2047 encoded word on the wire")
    check(all(byte < 128 for byte in amina_raw), "the message is 7-bit on the wire")
    check(amina["Auto-Submitted"] == "auto-generated" and amina["Precedence"] == "bulk", "Auto-Submitted and Precedence")
    check(amina["Message-ID"].startswith("<remind.") and amina["Message-ID"].endswith("@example.org>"), f"a Message-ID: {amina['Message-ID']}")
    check(parsedate_to_datetime(amina["Date"]).utcoffset() is not None, f"a Date: {amina['Date']}")
    check(amina.get_content_type() == "multipart/alternative", "multipart/alternative")
    parts = {part.get_content_type(): part for part in amina.iter_parts()}
    check(set(parts) == {"text/plain", "text/html"}, f"a plain-text and an HTML part: {sorted(parts)}")
    text = parts["text/plain"].get_content() if "text/plain" in parts else ""
    html = parts["text/html"].get_content() if "text/html" in parts else ""
    check(all(part.get_content_charset() == "utf-8" for part in parts.values()), "both parts are UTF-8")
    check(hostile in text, "the plain text has the title as written")
    check("<script>" not in html and "Toolkit &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ümlaut&quot; — guide" in html,
          "the HTML part escapes the title")
    check("Draft &lt;b&gt;for&lt;/b&gt; comments" in html and "<b>" not in html, "the HTML part escapes a milestone's title")
    check("rights-4.2 Overdue part & more" in text and "16 days overdue" in text, "the overdue milestone with its days")
    check("rights-4.1 Draft <b>for</b> comments" in text and "due 2014-12-24" in text, "the milestone due within 14 days")
    check("2014-H2: rights-1" not in text.split("Progress updates owed")[-1] if "Progress updates owed" in text else False,
          "a submitted update is not owed")
    check("2014-H2: rights-4" in text and "deadline 2015-01-15 (in 29 days)" in text, "the update owed, with its deadline")
    check("https://mawp.example.org/activities/rights-4#m-rights-4.1" in text, "the plain text links to the milestone's page")
    check('href="https://mawp.example.org/activities/rights-4#m-rights-4.1"' in html, "the HTML part links to it too")
    check('href="https://mawp.example.org/me"' in html, "the HTML part links to the user's page")
    check("style=" in html and "<style" not in html and "<link" not in html, "inline styles only")
    check(not re.search(r"mawp(cal)?_[0-9]+_[0-9a-f]{64}", text + html) and "password" not in (text + html).lower(),
          "no token and no password in a message")

oscar, _ = by_recipient.get(("oscar@ohchr.example",), (None, b""))
if oscar is not None:
    text = next(part for part in oscar.iter_parts() if part.get_content_type() == "text/plain").get_content()
    check("Updates waiting for your review (1)" in text and "rights-1" in text and "submitted by amina.unicef" in text,
          "a reviewer hears of the update waiting for them")

# 2. The same day again: nothing twice.
count = len(sink.messages)
again = remind("2014-12-17")
check(again.returncode == 0 and len(sink.messages) == count, "a second run on the same day sends nothing")
check("Sent 0 reminders" in again.stdout, f"and says so: {again.stdout.strip()}")

# 3. Thursday of the same ISO week: the daily user hears, the weekly one does not.
thursday = remind("2014-12-18")
new = [rcpts for rcpts, _, _ in sink.messages[count:]]
check(thursday.returncode == 0 and new == [["oscar@ohchr.example"]], f"later in the ISO week only the daily user hears: {new}")
count = len(sink.messages)

# 4. Sunday 21 December is still the same ISO week; Monday 22 December begins the next.
remind("2014-12-21")
check(["amina@unicef.example"] not in [r for r, _, _ in sink.messages[count:]], "Sunday is the same ISO week: the weekly user hears nothing")
count = len(sink.messages)
monday = remind("2014-12-22")
check(["amina@unicef.example"] in [r for r, _, _ in sink.messages[count:]], "Monday begins a new ISO week: the weekly user hears again")
count = len(sink.messages)

# 5. --dry-run prints the messages and sends and records nothing.
dry = remind("2014-12-23", "--dry-run")
check(dry.returncode == 0 and "To: oscar@ohchr.example" in dry.stdout and len(sink.messages) == count,
      "--dry-run prints the message and sends nothing")

# 6. The sink is down: exit 75, nothing recorded; up again, everything goes on the next run.
controller.stop()
down = remind("2014-12-23")
check(down.returncode == 75, f"with the mail system down, exit 75 ({down.returncode})")
check("not recorded, tried again on the next run" in down.stderr, f"and says why: {down.stderr.strip()[:300]}")
controller = Controller(sink, hostname="127.0.0.1", port=PORT)
controller.start()
up = remind("2014-12-23")
check(up.returncode == 0 and [r for r, _, _ in sink.messages[count:]] == [["oscar@ohchr.example"]],
      f"the next run sends what was not handed over ({up.returncode}: {[r for r, _, _ in sink.messages[count:]]})")
controller.stop()

# 7. A program that refuses: the others still go, exit 75 (a wrapper that refuses one address).
refuse = os.path.join(WORK, "refuse-oscar")
with open(refuse, "w") as f:
    f.write("#!/bin/sh\nmessage=$(cat)\ncase \"$message\" in *'To: oscar@'*) exit 75;; esac\n"
            "printf '%s\\n' \"$message\" >> \"$0.out\"\n")
os.chmod(refuse, 0o755)
mixed = mawp("remind", "--as-of", "2014-12-29", "--sendmail", refuse)
delivered = open(refuse + ".out").read() if os.path.exists(refuse + ".out") else ""
check(mixed.returncode == 75 and "To: amina@unicef.example" in delivered, "one refused message does not stop the others; exit 75")
check("Sent 1 reminder for 2014-12-29; 1 not handed over." in mixed.stdout, f"it counts both: {mixed.stdout.strip()}")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
