/// A point of a framework, named `FRAMEWORK:CODE` (`recommendations:P1`, `agenda:7`).
public struct PointRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let framework: String
    public let code: String

    public init(framework: String, code: String) { (self.framework, self.code) = (framework, code) }

    /// Parses `FRAMEWORK:CODE`: a framework name (as a group code) and a code of letters and
    /// digits, with dots or hyphens inside (`sdg-targets:10.7`).
    public init?(_ text: String) {
        func alphanumeric(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let framework = GroupCode.canonical(String(parts[0])), let first = parts[1].utf8.first,
              let last = parts[1].utf8.last, parts[1].utf8.count <= 16, alphanumeric(first), alphanumeric(last),
              parts[1].utf8.allSatisfy({ alphanumeric($0) || $0 == 0x2E || $0 == 0x2D })
        else { return nil }
        self.framework = framework
        self.code = String(parts[1])
    }

    /// A point of the eight-point agenda.
    public static func agenda(_ number: Int) -> PointRef { PointRef(framework: "agenda", code: String(number)) }

    public var description: String { "\(framework):\(code)" }

    public static func < (lhs: PointRef, rhs: PointRef) -> Bool { lhs.description < rhs.description }
}

extension PointRef {
    /// Links as `activity add` and `edit` take them: `agenda:N` is agenda point N (as
    /// `--agenda N`), the others are links to other frameworks.
    public static func split(agenda: [Int], links: [PointRef]) -> (agenda: [Int], links: [PointRef]) {
        var points = agenda
        var others: [PointRef] = []
        for link in links {
            if link.framework == "agenda", let number = Int(link.code) { points.append(number) } else { others.append(link) }
        }
        return (points, others)
    }
}
