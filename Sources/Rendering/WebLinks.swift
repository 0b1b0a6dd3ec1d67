import WorkPlan

/// Where the server's pages are, for the links between them (DESIGN §9: every group, activity
/// and milestone named on a page links to its page). A report written to a file links nowhere:
/// its views link only when asked (`linked`).
public enum WebLinks {
    public static func group(_ code: String) -> String { "/groups/" + HTML.percentEncoded(code) }
    public static func activity(_ ref: ActivityRef) -> String { "/activities/\(ref)" }
    /// An activity's progress update for a period: the "Progress update" section of its page.
    public static func update(_ ref: ActivityRef, period: String) -> String {
        "/activities/\(ref)?period=\(HTML.percentEncoded(period))#update"
    }
    /// A milestone is a section of its activity's page.
    public static func milestone(_ ref: MilestoneRef) -> String { "/activities/\(ref.activity)#m-\(ref)" }

    /// The page of a reference shown as text (a milestone, an activity, an indicator), or nil.
    public static func reference(_ text: String) -> String? {
        if let ref = MilestoneRef(text) { return milestone(ref) }
        if let ref = ActivityRef(text) { return activity(ref) }
        if let ref = IndicatorRef(text) { return "/activities/\(ref.activity)#indicators" }
        return nil
    }

    /// The page of what a logged event is about: its milestone, activity or group.
    public static func subject(_ event: LoggedEvent) -> String? {
        if let ref = event.milestone { return milestone(ref) }
        if let ref = event.activity { return activity(ref) }
        return event.group.map(group)
    }

    /// `text` as a link to `href`, both escaped; `text` alone without one.
    static func anchor(_ href: String?, _ text: String) -> String {
        guard let href else { return HTML.escape(text) }
        return "<a href=\"\(HTML.escape(href))\">\(HTML.escape(text))</a>"
    }
}
