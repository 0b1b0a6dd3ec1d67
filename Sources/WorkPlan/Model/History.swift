/// A named moment of the plan's record, to compare with.
public struct Baseline: Hashable, Sendable {
    public let name: String
    public let at: RecordedTime
    /// Who named it, and when.
    public let by: String
    public let recordedAt: String
}

/// One milestone against its baseline, as of a date (DESIGN §5, "Slippage").
public struct MilestoneSlippage: Hashable, Sendable {
    public let ref: MilestoneRef
    public let title: String
    public let lead: String?
    /// The due date it was added with.
    public let baselineDue: Day?
    /// Its due date as of the date.
    public let due: Day?
    /// Reschedules effective on or before the date.
    public let reschedules: Int
    public let done: Bool
    /// When the run of "done" holding on the date began.
    public let doneOn: Day?

    /// Due date as of the date minus the baseline due date, in days (nil without both).
    public var daysSlipped: Int? {
        guard let baselineDue, let due else { return nil }
        return baselineDue.days(to: due)
    }

    /// Rescheduled away from its baseline as of the date.
    public var isRescheduled: Bool { due != baselineDue }

    /// Done on or before its baseline due date (nil when not done, or without a baseline due date).
    public var onTime: Bool? {
        guard done, let doneOn, let baselineDue else { return nil }
        return doneOn <= baselineDue
    }
}

/// A group's slippage as of a date.
public struct GroupSlippage: Hashable, Sendable {
    public let code: String
    public let name: String
    public let milestones: [MilestoneSlippage]

    public var rescheduled: Int { milestones.filter(\.isRescheduled).count }
    /// Days slipped over all its milestones (earlier dates count as negative).
    public var daysSlipped: Int { milestones.compactMap(\.daysSlipped).reduce(0, +) }
    /// Done milestones with a baseline due date, and those of them done on time.
    public var doneAgainstBaseline: Int { milestones.filter { $0.onTime != nil }.count }
    public var doneOnTime: Int { milestones.filter { $0.onTime == true }.count }
    /// 100 × done on time ÷ done against the baseline; nil when none is done.
    public var onTimeRate: Double? {
        doneAgainstBaseline == 0 ? nil : 100 * Double(doneOnTime) / Double(doneAgainstBaseline)
    }
}

/// Every group's slippage as of a date.
public struct SlippageReport: Hashable, Sendable {
    public let asOf: Day
    public let groups: [GroupSlippage]
    public let isSample: Bool
    /// The GMG's chair as of the date, if the plan knows one.
    public var chair: ChairTerm? = nil

    /// All groups together, as one.
    public var totals: GroupSlippage {
        GroupSlippage(code: "total", name: "All groups", milestones: groups.flatMap(\.milestones))
    }
}

/// One change to the plan recorded between two moments, for "what changed since".
public struct PlanChange: Equatable, Sendable {
    public let recordedAt: String
    public let kind: EventKind
    /// The date it takes effect.
    public let on: Day
    public let by: String
    /// The activity or milestone it is about, and its title (the latest recorded).
    public let ref: String
    public let title: String
    /// For an edit, the values it changed, before and after (JSON objects).
    public let old: JSON?
    public let new: JSON?
    public let note: String?
}

/// The report as recorded at an earlier moment beside the report now, and what changed between.
public struct Comparison: Equatable, Sendable {
    public let then: Report
    /// The moment compared with, and the baseline that names it, if one does.
    public let at: RecordedTime
    public let baseline: String?
    public let now: Report
    /// Recorded after `at`, oldest first.
    public let changes: [PlanChange]
}
