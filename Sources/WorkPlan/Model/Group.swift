public enum GroupKind: String, CaseIterable, Sendable {
    case workingGroup = "working-group"
    case taskForce = "task-force"

    /// "working group", "task force".
    public var label: String { rawValue.replacingHyphens() }

    /// The role of a group's leads: working groups have chairs, task forces conveners.
    public func leadRole(leadCount: Int) -> LeadRole {
        switch (self, leadCount > 1) {
        case (.workingGroup, true): return .coChair
        case (.workingGroup, false): return .chair
        case (.taskForce, true): return .coConvener
        case (.taskForce, false): return .convener
        }
    }
}

public enum LeadRole: String, CaseIterable, Sendable {
    case chair
    case coChair = "co-chair"
    case convener
    case coConvener = "co-convener"
}

public struct GroupLead: Hashable, Sendable {
    public let agency: String
    public let role: LeadRole
}

/// A working group or task force.
public struct Group: Hashable, Sendable {
    public let code: String
    public let kind: GroupKind
    public let name: String
    public let leads: [GroupLead]
}

/// A group with its leads and activity count, as listed by `group list`.
public struct GroupSummary: Hashable, Sendable {
    public let group: Group
    /// Activities not cancelled as of the date.
    public let activities: Int
}

extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? " " : $0 }) }
}
