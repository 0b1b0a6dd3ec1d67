/// A group code: lower-case letters and digits in words joined by single hyphens, starting
/// with a letter, at most 32 characters ("data", "decent-work"). References are case-insensitive.
public enum GroupCode {
    /// The canonical (lower-case) form of `text`, or nil when it is not a valid group code.
    public static func canonical(_ text: String) -> String? {
        let code = text.lowercased()
        guard (1...32).contains(code.utf8.count),
              let first = code.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
              code.utf8.last != UInt8(ascii: "-"), !code.contains("--"),
              code.utf8.allSatisfy({ isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        return code
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
        let code = String(text.uppercased().filter { $0 != " " && $0 != "-" })
        guard (1...32).contains(code.utf8.count),
              code.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return code
    }
}

/// An activity reference, `<group>-<n>`: `data-1`, `decent-work-12` (split at the last hyphen).
public struct ActivityRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let group: String
    public let number: Int

    public init(group: String, number: Int) {
        self.group = group
        self.number = number
    }

    /// Parses a reference typed by a user; the group part is case-insensitive.
    public init?(_ text: String) {
        guard let hyphen = text.lastIndex(of: "-"),
              let group = GroupCode.canonical(String(text[..<hyphen])),
              let number = ActivityRef.positiveNumber(text[text.index(after: hyphen)...])
        else { return nil }
        self.init(group: group, number: number)
    }

    public var description: String { "\(group)-\(number)" }

    public static func < (lhs: ActivityRef, rhs: ActivityRef) -> Bool {
        (lhs.group, lhs.number) < (rhs.group, rhs.number)
    }

    /// A decimal number from 1 to 2^31-1, digits only, no sign and no leading zero.
    static func positiveNumber(_ text: Substring) -> Int? {
        guard (1...10).contains(text.utf8.count), text.utf8.first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let value = Int(text), value <= Int(Int32.max) else { return nil }
        return value
    }
}

/// A milestone reference, `<activity>.<k>`: `data-1.2`.
public struct MilestoneRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let activity: ActivityRef
    public let number: Int

    public init(activity: ActivityRef, number: Int) {
        self.activity = activity
        self.number = number
    }

    public init?(_ text: String) {
        guard let dot = text.lastIndex(of: "."),
              let activity = ActivityRef(String(text[..<dot])),
              let number = ActivityRef.positiveNumber(text[text.index(after: dot)...])
        else { return nil }
        self.init(activity: activity, number: number)
    }

    public var description: String { "\(activity).\(number)" }

    public static func < (lhs: MilestoneRef, rhs: MilestoneRef) -> Bool {
        (lhs.activity, lhs.number) < (rhs.activity, rhs.number)
    }
}
