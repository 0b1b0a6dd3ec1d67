/// Milestone counts as of a date, and the percentage done.
public struct ProgressCounts: Hashable, Sendable {
    public var activities: Int
    public var milestones: Int
    public var milestonesDone: Int
    public var overdue: Int

    public init(activities: Int = 0, milestones: Int = 0, milestonesDone: Int = 0, overdue: Int = 0) {
        self.activities = activities
        self.milestones = milestones
        self.milestonesDone = milestonesDone
        self.overdue = overdue
    }

    /// 100 × done ÷ milestones; 0 when there are no milestones.
    public var percentComplete: Double {
        milestones == 0 ? 0 : 100 * Double(milestonesDone) / Double(milestones)
    }

    public static func + (lhs: ProgressCounts, rhs: ProgressCounts) -> ProgressCounts {
        ProgressCounts(activities: lhs.activities + rhs.activities, milestones: lhs.milestones + rhs.milestones,
                 milestonesDone: lhs.milestonesDone + rhs.milestonesDone, overdue: lhs.overdue + rhs.overdue)
    }
}

/// One line of the progress report.
public struct GroupProgress: Hashable, Sendable {
    public let code: String
    public let name: String
    public let kind: GroupKind
    public let progress: ProgressCounts
    public let indicators: IndicatorTally

    public init(code: String, name: String, kind: GroupKind, progress: ProgressCounts, indicators: IndicatorTally = IndicatorTally()) {
        self.code = code
        self.name = name
        self.kind = kind
        self.progress = progress
        self.indicators = indicators
    }
}
