/// The stakeholders beyond the GMG that the 2014 chair's first two objectives name: governments;
/// social partners (employers' and workers' organizations); civil society; and the others (other
/// international organizations, academia, the private sector, anyone else).
public enum StakeholderGroup: String, CaseIterable, Sendable {
    case government
    case socialPartners = "social-partners"
    case civilSociety = "civil-society"
    case other

    /// The group an agency of `kind` counts in; nil for a GMG member.
    public init?(_ kind: AgencyKind) {
        switch kind {
        case .gmgMember: return nil
        case .government: self = .government
        case .employers, .workers: self = .socialPartners
        case .civilSociety: self = .civilSociety
        case .internationalOrganization, .academia, .privateSector, .other: self = .other
        }
    }

    /// "Government", "Social partners", "Civil society", "Other stakeholders".
    public var label: String {
        switch self {
        case .government: return "Government"
        case .socialPartners: return "Social partners"
        case .civilSociety: return "Civil society"
        case .other: return "Other stakeholders"
        }
    }
}

/// An activity working with stakeholders beyond the GMG, as of a date.
public struct EngagedActivity: Hashable, Sendable {
    public let ref: ActivityRef
    public let title: String
    /// Its lead and partners that are not GMG members, by code.
    public let stakeholders: [Agency]

    public func involves(_ group: StakeholderGroup) -> Bool {
        stakeholders.contains { StakeholderGroup($0.kind) == group }
    }
}

/// A group's activities with stakeholders beyond the GMG, as of a date.
public struct GroupEngagement: Hashable, Sendable {
    public let code: String
    public let name: String
    /// Its activities in the plan as of the date.
    public let activities: Int
    /// Those of them with a stakeholder beyond the GMG, in reference order.
    public let engaged: [EngagedActivity]

    public init(code: String, name: String, activities: Int, engaged: [EngagedActivity]) {
        self.code = code
        self.name = name
        self.activities = activities
        self.engaged = engaged
    }

    /// How many of its activities involve a stakeholder of `group`.
    public func count(_ group: StakeholderGroup) -> Int { engaged.count { $0.involves(group) } }
}

/// "Multi-stakeholder engagement" as of a date: per group, the activities with a government,
/// social-partner, civil-society or other partner.
public struct Engagement: Hashable, Sendable {
    public let groups: [GroupEngagement]

    public init(groups: [GroupEngagement]) { self.groups = groups }

    public var activities: Int { groups.reduce(0) { $0 + $1.activities } }
    public var engaged: Int { groups.reduce(0) { $0 + $1.engaged.count } }
    public func count(_ group: StakeholderGroup) -> Int { groups.reduce(0) { $0 + $1.count(group) } }
    /// Whether any activity works with a stakeholder beyond the GMG.
    public var isEmpty: Bool { engaged == 0 }
}
