/// Where an activity stands as of a date (DESIGN §5, progress rules).
public enum ActivityStatus: String, CaseIterable, Sendable {
    case planned
    case inProgress = "in-progress"
    case completed
    case cancelled

    /// Applies the progress rules to one activity's counts as of `asOf`.
    public static func of(cancelledOn: Day?, start: Day?, milestones: Int, done: Int, asOf: Day) -> ActivityStatus {
        if let cancelledOn, cancelledOn <= asOf { return .cancelled }
        if milestones > 0 && done == milestones { return .completed }
        if done > 0 { return .inProgress }
        if let start, start <= asOf { return .inProgress }
        return .planned
    }
}
