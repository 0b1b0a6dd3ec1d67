/// One row of the event log.
public struct LoggedEvent: Hashable, Sendable {
    public let id: Int64
    public let kind: String
    public let effectiveOn: Day
    public let recordedAt: String
    public let actor: String
    public let group: String?
    public let activity: ActivityRef?
    public let milestone: MilestoneRef?
    public let agency: String?
    public let note: String?
    /// The change's values, as the JSON object text stored with the event.
    public let details: String
}
