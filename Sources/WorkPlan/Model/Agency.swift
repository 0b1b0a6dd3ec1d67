/// A member agency of the GMG (or one added by a user).
public struct Agency: Hashable, Sendable {
    public let code: String
    public let name: String
    public let kind: AgencyKind

    public init(code: String, name: String, kind: AgencyKind = .gmgMember) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// What kind of stakeholder an agency is. GMG members may lead a group; any kind may be a partner.
public enum AgencyKind: String, CaseIterable, Sendable {
    case gmgMember = "gmg-member"
    case government
    case employers
    case workers
    case civilSociety = "civil-society"
    case internationalOrganization = "international-organization"
    case academia
    case privateSector = "private-sector"
    case other

    /// The kind as an SQL literal, for queries (its raw value holds no quote).
    var sql: String { "'\(rawValue)'" }
}

/// An agency with how much of the plan it carries.
public struct AgencySummary: Hashable, Sendable {
    public let agency: Agency
    public let groupsLed: [String]
    public let activitiesLed: Int
    public let activitiesAsPartner: Int
}
