/// An illustrative plan for trying mawp out and for demonstrations: `mawp init --sample`.
///
/// It is built around outputs of the plan period that public records confirm (DESIGN §3):
/// the Data and Research retreats on indicators (21 January and 17 October 2014, with the
/// World Bank's KNOMAD) and the indicator set shown at the UN Statistical Commission on
/// 4 March 2015; the ILO's synthesis report for the HLCP (17-18 March 2014); "Migration and
/// Youth: Challenges and Opportunities" (UNICEF, 18 December 2014); and the Capacity Development
/// task force's three lines of work (UNITAR and IOM, 3 July 2013). The other activities, the
/// milestones' due dates and most completion dates are invented to make the reports meaningful,
/// and so are the links to the HLD key recommendations and the 2014 chair's objectives, and the
/// four stakeholders beyond the GMG (named as illustrative, not after real bodies) and when they
/// join. Every report made from it says that it is a sample.
public enum SamplePlan {
    struct Activity {
        let group: String
        let title: String
        let lead: String
        let partners: [String]
        let start: String?
        let end: String?
        let agenda: [Int]
        let description: String?
        /// Title, due date, and the done (`+date`) or reopened (`-date`) events in order.
        let milestones: [(String, String, [String])]
        var cancelled: (String, String)? = nil
        /// Points of the other frameworks it serves, `NAME:CODE`.
        var links: [String] = []
        /// Partners replaced from a date: (date, the whole new set of partners, note).
        var partnersFrom: (String, [String], String)? = nil
    }

    /// Stakeholders beyond the GMG, made up for the sample: code, name, kind.
    static let stakeholders: [(String, String, AgencyKind)] = [
        ("PILOTGOV", "Government of a pilot country (illustrative)", .government),
        ("EMPLOYERSORG", "Employers' organization (illustrative)", .employers),
        ("WORKERSORG", "Workers' organization (illustrative)", .workers),
        ("MIGRANTNET", "Migrant-rights civil-society network (illustrative)", .civilSociety),
    ]

    static let activities: [Activity] = [
        Activity(group: "mainstreaming", title: "Mainstreaming migration into national development strategies: country pilots",
                 lead: "UNDP", partners: ["IOM", "UNFPA"], start: "2013-01-01", end: "2015-12-31", agenda: [6],
                 description: "Illustrative: support to pilot countries integrating migration into their development plans.",
                 milestones: [("Pilot countries selected", "2013-06-30", ["+2013-06-20"]),
                              ("Mid-term review of the pilots", "2014-12-31", ["+2015-01-15"]),
                              ("Lessons-learned report", "2015-12-31", [])],
                 links: ["recommendations:P2", "chair-2014:1"],
                 partnersFrom: ("2014-01-01", ["IOM", "UNFPA", "PILOTGOV"], "The first pilot government joins the steering group.")),
        Activity(group: "mainstreaming", title: "Guidance on migration in UNDAFs and UN country programming",
                 lead: "IOM", partners: ["UNDP", "UNICEF", "ILO"], start: "2014-01-01", end: "2015-06-30", agenda: [6, 8],
                 description: "Illustrative.",
                 milestones: [("Draft guidance", "2014-09-30", ["+2014-09-30"]),
                              ("Guidance endorsed by the GMG", "2015-03-31", ["+2015-05-20"])],
                 links: ["recommendations:O1"]),
        Activity(group: "data", title: "Retreats on migration indicators for the post-2015 development agenda",
                 lead: "UNDESA", partners: ["IOM", "WORLDBANK"], start: "2013-10-01", end: "2014-12-31", agenda: [7, 6],
                 description: "Two retreats of the Working Group on Data and Research, the second with the World Bank's KNOMAD.",
                 milestones: [("First retreat on indicators", "2014-01-31", ["+2014-01-21"]),
                              ("Second retreat on indicators, with KNOMAD", "2014-10-31", ["+2014-10-17"])],
                 links: ["recommendations:P1", "recommendations:D1"]),
        Activity(group: "data", title: "Illustrative indicator set for migration in the post-2015 agenda",
                 lead: "UNDESA", partners: ["IOM", "WORLDBANK", "UNFPA"], start: "2014-10-01", end: "2015-03-31", agenda: [7, 6],
                 description: "Presented at a side event of the UN Statistical Commission on 4 March 2015.",
                 milestones: [("Draft indicator set circulated to members", "2014-12-15", ["+2015-01-20"]),
                              ("Side event at the UN Statistical Commission", "2015-03-04", ["+2015-03-04"])],
                 links: ["recommendations:P1", "recommendations:D1", "chair-2014:4"]),
        Activity(group: "data", title: "Handbook on migration data for development planning",
                 lead: "IOM", partners: ["UNDESA", "UNFPA"], start: "2015-01-01", end: "2015-12-31", agenda: [7],
                 description: "Illustrative.",
                 milestones: [("Outline agreed", "2015-04-30", ["+2015-05-12"]),
                              ("Draft chapters", "2015-09-30", []),
                              ("Launch", "2015-12-15", [])],
                 links: ["recommendations:P1"]),
        Activity(group: "rights", title: "Migration and Youth: Challenges and Opportunities",
                 lead: "UNICEF", partners: ["UNFPA", "ILO", "IOM", "UNESCO"], start: "2013-06-01", end: "2014-12-31", agenda: [1, 5],
                 description: "Produced for the GMG by UNICEF; released on 18 December 2014.",
                 milestones: [("Chapters from member agencies", "2014-06-30", ["+2014-07-15"]),
                              ("Publication released", "2014-12-18", ["+2014-12-18"])],
                 links: ["recommendations:P4"]),
        Activity(group: "rights", title: "Principles and guidelines on the protection of migrants in vulnerable situations",
                 lead: "OHCHR", partners: ["UNWOMEN", "UNHCR", "IOM"], start: "2014-01-01", end: "2015-12-31", agenda: [1, 4],
                 description: "Illustrative.",
                 milestones: [("Consultation draft", "2014-12-31", ["+2015-02-10"]),
                              ("Validation meeting", "2015-10-31", ["+2015-10-28", "-2015-11-15"]),
                              ("Final text", "2015-12-31", [])],
                 links: ["recommendations:G3", "recommendations:P4", "chair-2014:2"],
                 partnersFrom: ("2015-01-01", ["UNWOMEN", "UNHCR", "IOM", "MIGRANTNET"], "Civil society joins the drafting.")),
        Activity(group: "rights", title: "Gender-responsive migration policies: good-practice note",
                 lead: "UNWOMEN", partners: ["OHCHR", "ILO"], start: "2015-01-01", end: "2015-12-31", agenda: [1, 3],
                 description: "Illustrative.",
                 milestones: [("Good practices collected", "2015-06-30", ["+2015-07-02"]),
                              ("Note published", "2015-11-30", [])],
                 links: ["recommendations:P4"]),
        Activity(group: "capacity", title: "Pool information on existing capacity-development work",
                 lead: "UNITAR", partners: ["IOM"], start: "2013-07-03", end: "2014-06-30", agenda: [8],
                 description: "One of the task force's three lines of work, agreed on 3 July 2013.",
                 milestones: [("Inventory of member agencies' training", "2013-12-31", ["+2014-01-15"]),
                              ("Inventory shared with GMG members", "2014-06-30", ["+2014-06-20"])]),
        Activity(group: "capacity", title: "Research effective learning methods on migration and development",
                 lead: "UNITAR", partners: ["IOM", "UNDP"], start: "2014-01-01", end: "2015-06-30", agenda: [6, 8],
                 description: "One of the task force's three lines of work.",
                 milestones: [("Review of learning methods", "2014-12-31", ["+2015-01-30"]),
                              ("Recommendations to the GMG", "2015-06-30", ["+2015-09-15"])],
                 links: ["recommendations:P3"]),
        Activity(group: "capacity", title: "Joint training on migration and development",
                 lead: "IOM", partners: ["UNITAR", "UNDP", "ILO"], start: "2015-01-01", end: "2015-12-31", agenda: [6, 8],
                 description: "One of the task force's three lines of work.",
                 milestones: [("Curriculum agreed", "2015-03-31", ["+2015-04-10"]),
                              ("First joint training", "2015-10-31", [])],
                 links: ["recommendations:O3", "chair-2014:3"]),
        Activity(group: "decent-work", title: "Synthesis report on the follow-up to the 2013 High-level Dialogue, for the HLCP",
                 lead: "ILO", partners: ["IOM", "OHCHR", "UNDP"], start: "2014-01-01", end: "2014-03-31", agenda: Array(1...8),
                 description: "Prepared by the ILO as 2014 chair for the UN High-Level Committee on Programmes (17-18 March 2014), structured on the eight-point agenda.",
                 milestones: [("Contributions collected from GMG members", "2014-02-14", ["+2014-02-20"]),
                              ("Report presented to the HLCP", "2014-03-17", ["+2014-03-17"])],
                 links: ["recommendations:G1", "chair-2014:5"]),
        Activity(group: "decent-work", title: "Recruitment costs and fair recruitment: joint brief",
                 lead: "ILO", partners: ["IOM", "WORLDBANK"], start: "2014-04-01", end: "2015-06-30", agenda: [2, 3],
                 description: "Illustrative.",
                 milestones: [("Review of existing studies", "2014-09-30", ["+2014-11-05"]),
                              ("Joint brief published", "2015-06-30", [])],
                 links: ["recommendations:P4", "chair-2014:2"],
                 partnersFrom: ("2014-10-01", ["IOM", "WORLDBANK", "EMPLOYERSORG", "WORKERSORG"], "Social partners join the brief.")),
        Activity(group: "decent-work", title: "Side event on labour migration governance",
                 lead: "ILO", partners: ["IOM"], start: "2014-06-01", end: "2014-12-31", agenda: [2],
                 description: "Illustrative.",
                 milestones: [("Concept note", "2014-12-31", [])],
                 cancelled: ("2015-02-01", "Merged into decent-work-2")),
    ]

    static let author = "mawp sample"
}

extension PlanStore {
    /// Fills a plan that has no activities yet with ``SamplePlan``, in one transaction, and
    /// marks it as a sample. Throws a data error when the plan already has activities.
    public func loadSample() throws {
        let author = Author(name: SamplePlan.author)
        try write {
            if try isSample() { return }
            let existing = try db.scalarInt("SELECT count(*) FROM activity") ?? 0
            guard existing == 0 else {
                throw PlanError.planNotEmpty(activities: existing)
            }
            for (code, name, kind) in SamplePlan.stakeholders where try db.scalarInt("SELECT 1 FROM agency WHERE code = ?1", [.text(code)]) == nil {
                _ = try addAgency(code: code, name: name, kind: kind, by: author)
            }
            for activity in SamplePlan.activities {
                let ref = try addActivity(NewActivity(group: activity.group, title: activity.title, description: activity.description,
                                                      lead: activity.lead, partners: activity.partners,
                                                      start: activity.start.flatMap(Day.init), end: activity.end.flatMap(Day.init),
                                                      agenda: activity.agenda, links: activity.links.compactMap(PointRef.init)), by: author)
                if let (date, partners, note) = activity.partnersFrom, let day = Day(date) {
                    _ = try editActivity(ref, ActivityEdit(partners: partners), on: day, note: note, by: author)
                }
                for (title, due, events) in activity.milestones {
                    let milestone = try addMilestone(to: ref, title: title, due: Day(due), by: author)
                    for event in events {
                        guard let date = Day(String(event.dropFirst())) else { continue }
                        _ = try setMilestone(milestone, done: event.hasPrefix("+"), on: date, note: nil, by: author)
                    }
                }
                if let (date, note) = activity.cancelled, let day = Day(date) {
                    _ = try cancelActivity(ref, on: day, note: note, by: author)
                }
            }
            try db.cachedStatement("INSERT INTO plan_setting (key, value) VALUES ('sample', 'true')").execute()
            try appendEvent(.planSample, on: author.today, by: author,
                            details: .object(["activities": .int(SamplePlan.activities.count)]))
        }
    }
}
