/// A milestone of an agency's work that needs attention: overdue, or due soon.
public struct AgendaMilestone: Hashable, Sendable {
    public let ref: MilestoneRef
    public let title: String
    public let activityTitle: String
    public let due: Day
}

/// An update an agency owes (DESIGN §11): for an open period, of an activity it leads, not yet
/// submitted (``UpdateState/isOwed``).
public struct OwedUpdate: Hashable, Sendable {
    public let period: ReportingPeriod
    public let activity: ActivityRef
    public let title: String
    public let state: UpdateState
}

/// What an agency has to hear about on a day: the milestones of the activities it leads or
/// partners in that are overdue or due within ``PlanStore/dueSoonDays``, and the updates it owes
/// for open periods. `mawp remind` and `/my-agency` show it. Asked for with a limit, each list
/// holds its first items only and the counts say how many there are in all.
public struct AgencyAgenda: Hashable, Sendable {
    public let agency: String
    public let asOf: Day
    /// Due before `asOf` and not done, most overdue first.
    public let overdue: [AgendaMilestone]
    /// Due from `asOf` to `asOf` + ``PlanStore/dueSoonDays``, soonest first.
    public let dueSoon: [AgendaMilestone]
    public let owed: [OwedUpdate]
    /// How many milestones are overdue, due soon, and how many updates are owed, in all.
    public let overdueCount: Int
    public let dueSoonCount: Int
    public let owedCount: Int

    public var isEmpty: Bool { overdueCount == 0 && dueSoonCount == 0 && owedCount == 0 }
}

/// One message `mawp remind` writes: to a user with an address, their agency's agenda and, for
/// reviewers, the updates waiting for them.
public struct Reminder: Hashable, Sendable {
    public let account: Account
    /// The address (``Account/email``, never nil here).
    public let email: String
    public let agenda: AgencyAgenda
    public let reviews: [PendingReview]

    public var isEmpty: Bool { agenda.isEmpty && reviews.isEmpty }
}
