import WorkPlan

enum Format {
    /// "62.5%": one decimal.
    static func percent(_ value: Double) -> String {
        // Only a magnitude that fits is made an integer (a percentage of stored values can be
        // anything, infinity and NaN included): no conversion here can trap.
        let scaled = (value * 10).rounded()
        guard abs(scaled) < 1e17, let tenths = Int(exactly: scaled) else {
            return value.isFinite ? "\(value)%" : "—"
        }
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)%"
    }

    static func day(_ value: Day?) -> String { value?.description ?? "" }

    /// "3/5".
    static func fraction(_ progress: ProgressCounts) -> String { "\(progress.milestonesDone)/\(progress.milestones)" }

    /// Mean indicator progress, "—" when there is none.
    static func indicatorProgress(_ tally: IndicatorTally) -> String {
        tally.meanPercent.map(percent) ?? (tally.indicators == 0 ? "" : "—")
    }

    static func leads(_ leads: [GroupLead]) -> String {
        leads.map(\.agency).joined(separator: ", ")
    }
}

extension JSON {
    /// Indicator progress: how many indicators, and the mean progress towards target (or null).
    static func indicators(_ tally: IndicatorTally) -> [JSON.Member] {
        [.init("indicators", .int(tally.indicators)),
         .init("indicatorProgress", tally.meanPercent.map { .double($0) } ?? .null)]
    }

    /// The progress counts under their contract names (DESIGN §5).
    static func progress(_ progress: ProgressCounts, activities: Bool = true) -> [JSON.Member] {
        var members: [JSON.Member] = []
        if activities { members.append(.init("activities", .int(progress.activities))) }
        members += [
            .init("milestones", .int(progress.milestones)),
            .init("milestonesDone", .int(progress.milestonesDone)),
            .init("overdue", .int(progress.overdue)),
            .init("percentComplete", .double(progress.percentComplete)),
        ]
        return members
    }
}
