/// A moment of the plan's record (UTC): `--as-recorded` and `--compare-to` name one. A date
/// means the end of that day, a time to the minute or second the end of that minute or second.
public struct RecordedTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `YYYY-MM-DDTHH:MM:SS.sssZ`, as the event log stores `recorded_at`.
    public let value: String

    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasSuffix("Z") { text = text.dropLast() }
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let day = Day(String(parts[0])) else { return nil }
        let time = parts.count > 1 ? String(parts[1]) : ""
        // What the text leaves out is filled to the end of the moment it names.
        let full = "23:59:59.999"
        let shapes = ["", "HH:MM", "HH:MM:SS", "HH:MM:SS.sss"]
        guard shapes.contains(where: { $0.count == time.count }), time.count <= full.count else { return nil }
        let filled = time + full.dropFirst(time.count)
        let fields = filled.split(whereSeparator: { $0 == ":" || $0 == "." }).map { Int($0) }
        guard fields.count == 4, let hour = fields[0], let minute = fields[1], let second = fields[2], fields[3] != nil,
              hour < 24, minute < 60, second < 60,
              zip(filled, full).allSatisfy({ ($0 == ":" || $0 == ".") == ($1 == ":" || $1 == ".") }) else { return nil }
        value = "\(day)T\(filled)Z"
    }

    /// The moment now.
    public static func now() -> RecordedTime { RecordedTime(Timestamp.now()) ?? RecordedTime(day: .today()) }

    /// The end of `day`.
    public init(day: Day) { value = "\(day)T23:59:59.999Z" }

    /// The date of the moment, the default "as of" of what was printed then.
    public var day: Day { Day(String(value.prefix(10))) ?? .today() }

    public var description: String { value }

    public static func < (lhs: RecordedTime, rhs: RecordedTime) -> Bool { lhs.value < rhs.value }
}
