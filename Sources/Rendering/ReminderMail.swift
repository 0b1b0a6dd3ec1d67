import WorkPlan

/// The message `mawp remind` writes to one user (DESIGN §11): RFC 5322 with `Date`,
/// `Message-ID`, `Auto-Submitted: auto-generated` and `Precedence: bulk`, its headers in UTF-8 as
/// RFC 2047 encoded words where they need it, and a `multipart/alternative` body (RFC 2046) of
/// a plain-text part and an HTML part with inline styles only, both UTF-8 in quoted-printable
/// (7-bit on the wire, any script, and still readable in `--dry-run`). Every text that users wrote is escaped in the HTML part; no secret is
/// ever in a message. Lines end in CRLF.
public enum ReminderMail {
    /// What a message needs besides the reminder: the sender, the moment (RFC 5322 `Date`), its
    /// unique id (without angle brackets) and the server's address for links (nil: no links).
    public struct Envelope: Sendable {
        public let from: String
        public let date: RecordedTime
        public let messageID: String
        public let baseURL: String?

        public init(from: String, date: RecordedTime, messageID: String, baseURL: String?) {
            (self.from, self.date, self.messageID, self.baseURL) = (from, date, messageID, baseURL)
        }
    }

    /// The subject: the agency and the counts, such as "GMG work plan — UNICEF: 2 overdue, 1 due soon".
    public static func subject(_ reminder: Reminder) -> String {
        let agenda = reminder.agenda
        var parts: [String] = []
        if !agenda.overdue.isEmpty { parts.append("\(agenda.overdue.count) overdue") }
        if !agenda.dueSoon.isEmpty { parts.append("\(agenda.dueSoon.count) due soon") }
        if !agenda.owed.isEmpty { parts.append(counted(agenda.owed.count, "update owed", "updates owed")) }
        if !reminder.reviews.isEmpty { parts.append("\(reminder.reviews.count) to review") }
        return "GMG work plan \u{2014} \(agenda.agency): " + parts.joined(separator: ", ")
    }

    /// The whole message, headers and body, as `sendmail -t` takes it.
    public static func message(_ reminder: Reminder, _ envelope: Envelope) -> String {
        let boundary = "=_mawp_" + envelope.messageID.utf8.reduce(into: UInt64(14_695_981_039_346_656_037)) { hash, byte in
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }.description
        let headers = [
            "From: mawp <\(envelope.from)>",
            "To: \(reminder.email)",
            "Subject: " + encodedHeader(subject(reminder), nameLength: "Subject: ".utf8.count),
            "Date: \(rfc5322Date(envelope.date))",
            "Message-ID: <\(envelope.messageID)>",
            "Auto-Submitted: auto-generated",
            "Precedence: bulk",
            "X-Auto-Response-Suppress: All",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        func part(_ type: String, _ body: String) -> String {
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + quotedPrintable(body) + "\r\n"
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + "This is a message in two parts: plain text and HTML.\r\n\r\n"
            + part("text/plain", text(reminder, baseURL: envelope.baseURL))
            + part("text/html", html(reminder, baseURL: envelope.baseURL))
            + "--\(boundary)--\r\n"
    }

    // MARK: - The two parts

    /// A section of the message: a heading and its lines, each with the page it is about.
    struct Section {
        let heading: String
        let lines: [(text: String, path: String)]
    }

    static func sections(_ reminder: Reminder) -> [Section] {
        let agenda = reminder.agenda
        var sections: [Section] = []
        if !agenda.overdue.isEmpty {
            sections.append(Section(heading: "Overdue milestones (\(agenda.overdue.count))", lines: agenda.overdue.map { milestone in
                ("\(milestone.ref) \(milestone.title) (\(milestone.activityTitle)): due \(milestone.due), "
                 + counted(milestone.due.days(to: agenda.asOf), "day", "days") + " overdue", WebLinks.milestone(milestone.ref))
            }))
        }
        if !agenda.dueSoon.isEmpty {
            sections.append(Section(heading: "Due within \(PlanStore.dueSoonDays) days (\(agenda.dueSoon.count))", lines: agenda.dueSoon.map { milestone in
                ("\(milestone.ref) \(milestone.title) (\(milestone.activityTitle)): due \(milestone.due)", WebLinks.milestone(milestone.ref))
            }))
        }
        if !agenda.owed.isEmpty {
            sections.append(Section(heading: "Progress updates owed (\(agenda.owed.count))", lines: agenda.owed.map { owed in
                let days = owed.period.daysToDeadline(from: agenda.asOf)
                let when = days < 0 ? counted(-days, "day", "days") + " past the deadline" : days == 0 ? "due today" : "in " + counted(days, "day", "days")
                return ("\(owed.period.code): \(owed.activity) \(owed.title): \(owed.state == .missing ? "not written" : owed.state.label); "
                        + "deadline \(owed.period.deadline) (\(when))", WebLinks.update(owed.activity, period: owed.period.code))
            }))
        }
        if !reminder.reviews.isEmpty {
            sections.append(Section(heading: "Updates waiting for your review (\(reminder.reviews.count))", lines: reminder.reviews.map { review in
                ("\(review.period.code): \(review.activity) \(review.title)" + (review.submittedBy.map { ", submitted by \($0)" } ?? ""),
                 WebLinks.update(review.activity, period: review.period.code))
            }))
        }
        return sections
    }

    static func introduction(_ reminder: Reminder) -> String {
        "This is what \(reminder.agenda.agency) has to attend to in the GMG's work plan as of \(reminder.agenda.asOf)."
    }

    static func footer(_ reminder: Reminder) -> String {
        "You receive this \(reminder.account.reminders == .daily ? "once a day" : "once a week") at most, when there is something to hear."
    }

    public static func text(_ reminder: Reminder, baseURL: String?) -> String {
        var out = "Hello \(reminder.account.name),\n\n\(introduction(reminder))\n"
        for section in sections(reminder) {
            out += "\n\(section.heading)\n"
            for line in section.lines {
                out += "  - \(line.text)\n"
                if let baseURL { out += "    \(baseURL)\(line.path)\n" }
            }
        }
        out += "\n\(footer(reminder))"
        out += baseURL.map { " Change it on your page: \($0)/me\n" } ?? " An administrator changes it with mawp user edit.\n"
        return out + "\n-- \nmawp, the tracker of the GMG's Multi-Annual Work Plan\n"
    }

    public static func html(_ reminder: Reminder, baseURL: String?) -> String {
        let font = "font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;"
        func link(_ path: String, _ text: String) -> String {
            guard let baseURL else { return HTML.escape(text) }
            return "<a href=\"\(HTML.escape(baseURL + path))\" style=\"color:#0b5394;\">\(HTML.escape(text))</a>"
        }
        var body = "<p style=\"\(font)\">Hello \(HTML.escape(reminder.account.name)),</p>\n<p style=\"\(font)\">\(HTML.escape(introduction(reminder)))</p>\n"
        for section in sections(reminder) {
            body += "<h2 style=\"\(font)font-size:16px;margin:18px 0 6px;\">\(HTML.escape(section.heading))</h2>\n<ul style=\"\(font)padding-left:20px;\">\n"
            for line in section.lines { body += "<li style=\"margin:4px 0;\">\(link(line.path, line.text))</li>\n" }
            body += "</ul>\n"
        }
        body += "<p style=\"\(font)font-size:13px;color:#555555;\">\(HTML.escape(footer(reminder)))"
        body += baseURL.map { " Change it on <a href=\"\(HTML.escape($0))/me\" style=\"color:#0b5394;\">your page</a>.</p>\n" }
            ?? " An administrator changes it with mawp user edit.</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(HTML.escape(subject(reminder)))</title></head>
            <body style="margin:0;padding:16px;background:#ffffff;">
            \(body)</body>
            </html>

            """
    }

    // MARK: - RFC 5322, 2045 and 2047

    /// `message`'s lines ended in LF, for a terminal.
    public static func lf(_ message: String) -> String {
        message.split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
    }

    /// `text` as a header's value: as it is when printable ASCII that fits a line, else as
    /// RFC 2047 encoded words (`=?UTF-8?B?…?=`, at most 75 characters each, never splitting a
    /// character) on folded lines.
    static func encodedHeader(_ text: String, nameLength: Int) -> String {
        if text.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) && nameLength + text.utf8.count <= 78 { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            // 45 bytes make 60 base64 characters: 72 with "=?UTF-8?B?" and "?=".
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + base64(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + base64(chunk) + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// RFC 5322's date-time in UTC: "Thu, 26 Nov 2026 10:25:17 +0000".
    static func rfc5322Date(_ time: RecordedTime) -> String {
        let value = time.value
        let day = time.day
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let clock = value.utf8.count >= 19 ? String(value.dropFirst(11).prefix(8)) : "23:59:59"
        return "\(weekdays[((day.dayNumber % 7) + 7) % 7]), \(day.day) \(months[day.month - 1]) \(day.year) \(clock) +0000"
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let a = bytes[index], b = index + 1 < bytes.count ? bytes[index + 1] : 0, c = index + 2 < bytes.count ? bytes[index + 2] : 0
            let (x, y, z) = (Int(a), Int(b), Int(c))
            out.append(alphabet[x >> 2])
            out.append(alphabet[(x & 3) << 4 | y >> 4])
            out.append(index + 1 < bytes.count ? alphabet[(y & 15) << 2 | z >> 6] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[z & 63] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` (lines ended in LF) as quoted-printable (RFC 2045 6.7) with CRLF line ends: printable
    /// ASCII but "=" as it is, spaces and tabs as they are except at a line's end, every other
    /// byte as =XX; lines longer than 76 characters broken by soft line breaks, never inside an =XX.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += [13, 10] }
            var width = 0
            let bytes = Array(line)
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                let encoded: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                // Room for a soft break's "=" unless this is the line's end.
                if width + encoded.count > (last ? 76 : 75) {
                    out += [UInt8(ascii: "="), 13, 10]
                    width = 0
                }
                out += encoded
                width += encoded.count
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
