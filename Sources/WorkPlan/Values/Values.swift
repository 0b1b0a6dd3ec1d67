/// The rules every value obeys where it enters the plan (DESIGN §8 "Values"), whichever front
/// end it comes through: the CLI, the API, the web forms and the importer all ask here, and
/// every event the plan appends is checked with them once more (``PlanStore/appendEvent``), so
/// that no stored value can make a later read fail.
public enum Values {
    // MARK: - Numbers

    /// The largest magnitude of a number the plan keeps (indicator baselines, targets and
    /// values): 10^12. Within it, every difference and ratio the reports compute is finite.
    public static let numberLimit = 1e12

    /// Whether `value` is a number the plan keeps: finite and within ±``numberLimit``.
    public static func isKept(_ value: Double) -> Bool {
        value.isFinite && abs(value) <= numberLimit
    }

    /// A number as a user typed it: a plain decimal, such as `12`, `-3.5` or `1.2e6` (no hex,
    /// no `inf` or `nan`, no inner spaces), within the limit. Spaces around it are ignored.
    public static func number(_ text: String, field: String) throws -> Double {
        let trimmed = text.trimmingWhitespace()
        guard isPlainDecimal(trimmed), let value = Double(trimmed) else { throw PlanError.invalidNumber(field: field, value: text) }
        return try checked(value, field: field, text: trimmed)
    }

    /// `value` if the plan keeps it, else ``PlanError/numberOutOfRange(field:value:)``.
    public static func checked(_ value: Double, field: String, text: String? = nil) throws -> Double {
        guard isKept(value) else { throw PlanError.numberOutOfRange(field: field, value: text ?? describe(value)) }
        return value == 0 ? 0 : value // -0 is kept as 0
    }

    /// A number as the messages show it ("1e+18", "inf").
    static func describe(_ value: Double) -> String { value.isFinite ? JSON.format(value) : String(value) }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, with digits on at least one side of the point.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            var count = 0
            while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                bytes = bytes.dropFirst()
                count += 1
            }
            return count
        }
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    // MARK: - Dates

    /// The years a date given to the plan lies in.
    public static let years = 1900...2100

    /// A date as a user typed it, `YYYY-MM-DD` in ``years``. Nil when it is not a date at all
    /// (a usage error in every front end); ``PlanError/dateOutOfRange(field:value:)`` when it
    /// is one but outside the years.
    public static func day(_ text: String, field: String) throws -> Day? {
        guard let day = Day(text) else { return nil }
        return try checked(day, field: field)
    }

    /// A moment as a user typed it (`--as-recorded`, `--compare-to`, `baseline add --at`):
    /// nil when it is not one; out of range as ``day(_:field:)``.
    public static func moment(_ text: String, field: String) throws -> RecordedTime? {
        guard let time = RecordedTime(text) else { return nil }
        _ = try checked(time.day, field: field)
        return time
    }

    public static func checked(_ day: Day, field: String) throws -> Day {
        guard years.contains(day.year) else { throw PlanError.dateOutOfRange(field: field, value: day.description) }
        return day
    }

    // MARK: - Text

    /// Whether a title or a name says nothing: empty, or only spaces. The one definition, for
    /// every front end and the check of every event (``PlanError/blankText(field:)``).
    public static func isBlank(_ text: String) -> Bool {
        text.allSatisfy(\.isWhitespace)
    }

    /// Fields holding long texts, where tab and newline are allowed: descriptions, notes and
    /// the texts of a progress update. Every other text (titles, names, codes, values of
    /// qualitative indicators, user names) is one line.
    public static let longTextFields: Set<String> = ["description", "note", "achievements", "challenges", "nextSteps", "next-steps"]

    /// Whether `field` (a key, or a path such as `activities[0].description`) holds a long text.
    public static func isLongText(_ field: String) -> Bool {
        let last = field.split(separator: ".").last.map(String.init) ?? field
        return longTextFields.contains(last.hasPrefix("--") ? String(last.dropFirst(2)) : last)
    }

    /// The first character a text of `field` may not hold: a control character (C0, DEL or
    /// C1), other than tab and newline in a long text. Nil when the text is fine. (Swift
    /// strings are valid Unicode; invalid UTF-8 is refused where bytes become text.)
    public static func forbiddenCharacter(in text: String, field: String) -> Unicode.Scalar? {
        // Most text has no byte below 0x20, no DEL and no C1 (encoded from 0xC2 0x80): one pass.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return nil }
        let long = isLongText(field)
        return text.unicodeScalars.first { scalar in
            let value = scalar.value
            guard value < 0x20 || (0x7F...0x9F).contains(value) else { return false }
            return !(long && (scalar == "\t" || scalar == "\n"))
        }
    }

    /// `text` if it holds no forbidden character, else ``PlanError/controlCharacter(field:character:)``.
    @discardableResult
    public static func checked(text: String, field: String) throws -> String {
        if let scalar = forbiddenCharacter(in: text, field: field) {
            throw PlanError.controlCharacter(field: field, character: scalar.value)
        }
        return text
    }

    // MARK: - An event's values

    /// Keys of an event's details that hold what people wrote, never a date.
    static let freeTextKeys: Set<String> = ["title", "name", "description", "note", "value", "achievements", "challenges", "nextSteps"]

    /// Keys of an event's details that name something: never blank.
    static let namingKeys: Set<String> = ["title", "name"]

    /// Keys of an event's details whose numbers are indicator values.
    static let numberKeys: Set<String> = ["value", "baseline", "target"]

    /// The first value of an event the rules refuse: its note, who made it, its effective date,
    /// and every text, number and date in its details (except the old values an edit replaces,
    /// which were checked when they entered).
    public static func problem(inEventOn on: Day, by actor: String, note: String?, details: JSON) -> PlanError? {
        if !years.contains(on.year) { return .dateOutOfRange(field: "on", value: on.description) }
        if let scalar = forbiddenCharacter(in: actor, field: "by") { return .controlCharacter(field: "by", character: scalar.value) }
        if let note, let scalar = forbiddenCharacter(in: note, field: "note") {
            return .controlCharacter(field: "note", character: scalar.value)
        }
        return problem(in: details, field: "details")
    }

    private static func problem(in value: JSON, field: String) -> PlanError? {
        let key = field.split(separator: ".").last.map(String.init) ?? field
        switch value {
        case .string(let text):
            if let scalar = forbiddenCharacter(in: text, field: key) { return .controlCharacter(field: key, character: scalar.value) }
            if namingKeys.contains(key), isBlank(text) { return .blankText(field: key) }
            // A date field's text lies in the years (a title may well read "9999-12-31").
            if !freeTextKeys.contains(key), text.utf8.count == 10, let day = Day(text), !years.contains(day.year) {
                return .dateOutOfRange(field: key, value: text)
            }
        case .double(let number) where numberKeys.contains(key):
            if !isKept(number) { return .numberOutOfRange(field: key, value: describe(number)) }
        case .int(let number) where numberKeys.contains(key):
            if !isKept(Double(number)) { return .numberOutOfRange(field: key, value: String(number)) }
        case .array(let items):
            for item in items { if let problem = problem(in: item, field: field) { return problem } }
        case .object(let members):
            for member in members where member.key != "old" {
                if let problem = problem(in: member.value, field: member.key) { return problem }
            }
        default: break
        }
        return nil
    }
}
