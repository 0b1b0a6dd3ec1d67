/// A point of a framework as it reads.
public struct FrameworkPoint: Hashable, Sendable {
    public let ref: PointRef
    public let title: String
    public let description: String?
    /// The heading it stands under, if its framework has them.
    public let section: String?
}

/// A framework with how many points it has.
public struct Framework: Hashable, Sendable {
    public let name: String
    public let title: String
    public let description: String?
    public let vocabularyURI: String?
    public let points: Int
}

/// A point of a framework with the work on it as of a date.
public struct PointCoverage: Hashable, Sendable {
    public let point: FrameworkPoint
    /// Activities in the plan linked to it, the groups they belong to and their agencies
    /// (leads and partners).
    public let activities: Int
    public let groups: [String]
    public let agencies: [String]

    /// Nobody works on it.
    public var isGap: Bool { activities == 0 }
}

/// A framework's points by group as of a date: the groups × points matrix with its gaps.
public struct FrameworkCoverage: Hashable, Sendable {
    public let framework: Framework
    /// Each point, with the activities of the groups covered.
    public let points: [PointCoverage]
    /// The groups covered (all, or the one asked for), in order.
    public let groups: [String]
    /// Activities per group code and point code; a missing entry is none.
    public let matrix: [String: [String: Int]]

    public func count(group: String, point: String) -> Int { matrix[group]?[point] ?? 0 }
    public var gaps: [PointCoverage] { points.filter(\.isGap) }
}
