/// A term of the GMG's chair: an agency from a date, to a date or open.
public struct ChairTerm: Hashable, Sendable {
    public let agency: String
    public let agencyName: String
    public let from: Day
    public let until: Day?

    public init(agency: String, agencyName: String, from: Day, until: Day?) {
        self.agency = agency
        self.agencyName = agencyName
        self.from = from
        self.until = until
    }

    /// Whether the term covers `day`.
    public func covers(_ day: Day) -> Bool { from <= day && until.map { day <= $0 } ?? true }
}
