import WorkPlan

/// The plan's milestones as an RFC 5545 calendar (DESIGN §11): one all-day event per milestone
/// on its due date, its UID the milestone's reference (`data-1.2@mawp`, never changed), its
/// SEQUENCE the number of its reschedules, STATUS:CANCELLED once dropped, "(done)" in the
/// summary once done. Lines end in CRLF and are folded at 75 octets, never inside a
/// character; text is escaped. The same plan gives the same bytes: each event's stamp is when
/// its milestone last changed.
public enum CalendarView {
    /// The calendar's name, as a calendar program lists it: what it shows.
    public static func name(group: String?, agency: String?) -> String {
        "GMG work plan" + (group.map { ": \($0)" } ?? "") + (agency.map { ": \($0)" } ?? "")
    }

    public static func ics(_ milestones: [CalendarMilestone], name: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mawp//GMG Multi-Annual Work Plan//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + text(name)]
        for milestone in milestones {
            let summary = "\(milestone.ref.activity.group): \(milestone.ref) \(milestone.title)" + (milestone.doneOn == nil ? "" : " (done)")
            var description = "\(milestone.ref.activity) \(milestone.activityTitle)"
            if let lead = milestone.lead { description += "\nLead: \(lead)" }
            if let done = milestone.doneOn { description += "\nDone on \(done)" }
            if let dropped = milestone.droppedOn { description += "\nDropped from \(dropped)" }
            lines += ["BEGIN:VEVENT", "UID:\(milestone.ref)@mawp", "DTSTAMP:" + stamp(milestone.lastRecorded),
                      "DTSTART;VALUE=DATE:" + date(milestone.due), "DTEND;VALUE=DATE:" + date(Day(dayNumber: milestone.due.dayNumber + 1) ?? milestone.due),
                      "SUMMARY:" + text(summary), "DESCRIPTION:" + text(description), "SEQUENCE:\(milestone.reschedules)",
                      "STATUS:" + (milestone.droppedOn == nil ? "CONFIRMED" : "CANCELLED"), "TRANSP:TRANSPARENT", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A date as iCalendar writes it: 20140630.
    static func date(_ day: Day) -> String { day.description.split(separator: "-").joined() }

    /// A UTC moment (`2014-06-30T09:00:00.123Z`) as iCalendar writes it: 20140630T090000Z.
    static func stamp(_ recorded: String) -> String {
        let digits = recorded.prefix(19).filter { $0.isNumber }
        return digits.count == 14 ? String(digits.prefix(8)) + "T" + String(digits.suffix(6)) + "Z" : "19700101T000000Z"
    }

    /// TEXT (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line break as \n;
    /// other control characters, which a TEXT may not hold, dropped.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.replacing("\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (RFC 5545 §3.1): a CRLF and a space before each
    /// continuation, never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if count + width > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += width
        }
        return out
    }
}
