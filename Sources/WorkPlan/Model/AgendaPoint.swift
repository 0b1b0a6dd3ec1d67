/// One point of the Secretary-General's eight-point agenda for action.
public struct AgendaPoint: Hashable, Sendable {
    public let number: Int
    public let title: String
}

/// An agenda point with the work on it as of a date.
public struct AgendaCoverage: Hashable, Sendable {
    public let point: AgendaPoint
    public let activities: Int
    public let groups: [String]
    /// Agencies leading or partnering in those activities.
    public let agencies: [String]
}
