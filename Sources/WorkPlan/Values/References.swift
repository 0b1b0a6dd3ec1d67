/// A group code: lower-case letters and digits in words joined by single hyphens, starting
/// with a letter, at most 32 characters ("data", "decent-work"). References are case-insensitive.
public enum GroupCode {
    /// The canonical (lower-case) form of `text`, or nil when it is not a valid group code.
    public static func canonical(_ text: String) -> String? {
        canonical(Substring(text))
    }

    static func canonical(_ text: Substring) -> String? {
        // One pass over the bytes: upper-case letters are lowered, anything else outside
        // [a-z0-9-] refuses the code, as do a leading digit or hyphen, "--" and a trailing "-".
        let bytes = text.utf8
        guard (1...32).contains(bytes.count) else { return nil }
        var lowered: [UInt8]? = nil
        var previous: UInt8 = UInt8(ascii: "-")
        for (offset, byte) in bytes.enumerated() {
            var byte = byte
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
                byte += 32
                if lowered == nil { lowered = Array(bytes.prefix(offset)) }
            }
            let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            let isHyphen = byte == UInt8(ascii: "-")
            guard isLetter || isDigit || isHyphen else { return nil }
            if offset == 0 && !isLetter { return nil }
            if isHyphen && previous == UInt8(ascii: "-") { return nil }
            previous = byte
            lowered?.append(byte)
        }
        guard previous != UInt8(ascii: "-") else { return nil }
        if let lowered { return String(decoding: lowered, as: UTF8.self) }
        return String(text)
    }

    static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// An agency code. What users type is case-insensitive and ignores spaces and hyphens:
/// "UN Women", "un-women" and "UNWOMEN" are the same agency.
public enum AgencyCode {
    /// The canonical form: upper case with spaces and hyphens removed; nil unless what is left
    /// is 1-32 ASCII letters and digits.
    public static func canonical(_ text: String) -> String? {
        var code: [UInt8] = []
        code.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"): code.append(byte - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): code.append(byte)
            default: return nil
            }
        }
        guard (1...32).contains(code.count) else { return nil }
        return String(decoding: code, as: UTF8.self)
    }
}

/// An activity reference, `<group>-<n>`: `data-1`, `decent-work-12` (split at the last hyphen).
public struct ActivityRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let group: String
    public let number: Int

    public init(group: String, number: Int) { (self.group, self.number) = (group, number) }

    /// Parses a reference typed by a user; the group part is case-insensitive.
    public init?(_ text: String) {
        self.init(Substring(text))
    }

    init?(_ text: Substring) {
        guard let hyphen = text.utf8.lastIndex(of: UInt8(ascii: "-")),
              let number = ActivityRef.positiveNumber(text[text.utf8.index(after: hyphen)...]),
              let group = GroupCode.canonical(text[..<hyphen])
        else { return nil }
        self.init(group: group, number: number)
    }

    public var description: String { "\(group)-\(number)" }

    public static func < (lhs: ActivityRef, rhs: ActivityRef) -> Bool {
        (lhs.group, lhs.number) < (rhs.group, rhs.number)
    }

    /// A decimal number from 1 to 2^31-1, digits only, no sign and no leading zero.
    static func positiveNumber(_ text: Substring) -> Int? {
        guard (1...10).contains(text.utf8.count), text.utf8.first != UInt8(ascii: "0") else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= Int(Int32.max) ? value : nil
    }
}

/// What an activity's numbered items are told apart by in their references: nothing for a
/// milestone (`data-1.2`), "i" for an indicator (`data-1.i1`).
public protocol ActivityItem: Sendable {
    static var marker: String { get }
}

/// A milestone of an activity.
public enum MilestoneItem: ActivityItem { public static let marker = "" }

/// An indicator of an activity.
public enum IndicatorItem: ActivityItem { public static let marker = "i" }

/// A reference to an activity's numbered item, `<activity>.<marker><k>`.
public struct ActivityItemRef<Item: ActivityItem>: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let activity: ActivityRef
    public let number: Int

    public init(activity: ActivityRef, number: Int) { (self.activity, self.number) = (activity, number) }

    public init?(_ text: String) {
        let text = Substring(text)
        guard let dot = text.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let suffix = text[text.utf8.index(after: dot)...]
        guard suffix.hasPrefix(Item.marker), let number = ActivityRef.positiveNumber(suffix.dropFirst(Item.marker.count)),
              let activity = ActivityRef(text[..<dot]) else { return nil }
        self.init(activity: activity, number: number)
    }

    public var description: String { "\(activity).\(Item.marker)\(number)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.activity, lhs.number) < (rhs.activity, rhs.number) }
}

/// A milestone reference, `<activity>.<k>`: `data-1.2`.
public typealias MilestoneRef = ActivityItemRef<MilestoneItem>

/// An indicator reference, `<activity>.i<k>`: `data-1.i1`.
public typealias IndicatorRef = ActivityItemRef<IndicatorItem>
