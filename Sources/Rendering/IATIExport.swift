import OpenXML
import WorkPlan

/// The plan as IATI 2.03 activity XML (<https://iatistandard.org/en/iati-standard/203/>),
/// valid against the official schema. One `iati-activity` per mawp activity.
public enum IATIExport {
    /// A placeholder identifier: "XX" is IATI's prefix for an organisation without a registered one.
    public static let defaultReportingOrg = "XX-GMG"
    /// Where the eight-point agenda, the vocabulary of the `tag` elements, is published: the
    /// Secretary-General's report "International migration and development" (A/68/190, 2013).
    public static let agendaVocabularyURI = "https://undocs.org/A/68/190"

    public struct Options: Sendable {
        public var reportingOrg: String
        public var reportingOrgName = "Global Migration Group"
        /// IATI organisation type 40: multilateral.
        public var reportingOrgType = "40"
        public var identifierPrefix: String
        /// The plan's period: the dates an activity without its own falls back on.
        public var period: PlanPeriod
        /// The frameworks, for the vocabulary-uri of their tags.
        public var frameworks: [Framework]

        public init(reportingOrg: String, identifierPrefix: String, period: PlanPeriod, frameworks: [Framework] = []) {
            self.reportingOrg = reportingOrg
            self.identifierPrefix = identifierPrefix
            self.period = period
            self.frameworks = frameworks
        }
    }

    /// The IATI OrganisationType code of each kind of agency. Employers' and workers'
    /// organizations have no code of their own: they are non-governmental membership bodies, and
    /// those the GMG works with at the global level are international federations, so 21
    /// (international NGO), like civil society. Other international organizations are 40
    /// (multilateral), like the GMG's members.
    public static func organisationType(_ kind: AgencyKind) -> String {
        switch kind {
        case .gmgMember, .internationalOrganization: return "40"
        case .government: return "10"
        case .employers, .workers, .civilSociety: return "21"
        case .privateSector: return "70"
        case .academia: return "80"
        case .other: return "90"
        }
    }

    public static func write(_ activities: [PublishedActivity], asOf: Day, options: Options,
                             generatedAt: String = Timestamp.now(), to sink: inout some TextSink) throws {
        // The schema wants at least one iati-activity: a file without any would not validate.
        guard !activities.isEmpty else {
            throw PlanError.nothingToPublish
        }
        try sink.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <iati-activities version="2.03" generated-datetime="\(XML.escape(generatedAt))">

            """)
        for activity in activities {
            try sink.write(render(activity, asOf: asOf, options: options))
        }
        try sink.write("</iati-activities>\n")
    }

    /// IATI activity status as of `asOf`: 1 pipeline (planned), 2 implementation (in progress),
    /// 3 finalisation (completed, its planned end still ahead), 4 closed (completed), 5 cancelled.
    static func status(_ activity: PublishedActivity, asOf: Day) -> Int {
        switch activity.summary.status {
        case .planned: return 1
        case .inProgress: return 2
        case .completed:
            if let end = activity.summary.end, asOf < end { return 3 }
            return 4
        case .cancelled: return 5
        }
    }

    static func render(_ activity: PublishedActivity, asOf: Day, options: Options) -> String {
        let summary = activity.summary
        var out = "  <iati-activity xml:lang=\"en\" hierarchy=\"1\""
        if let updated = activity.lastUpdated { out += " last-updated-datetime=\"\(XML.escape(updated))\"" }
        out += ">\n"
        out += "    <iati-identifier>\(XML.escape(options.identifierPrefix + summary.ref.description))</iati-identifier>\n"
        out += "    <reporting-org ref=\"\(XML.escape(options.reportingOrg))\" type=\"\(XML.escape(options.reportingOrgType))\">"
            + narrative(options.reportingOrgName) + "</reporting-org>\n"
        out += "    <title>\(narrative(summary.title))</title>\n"
        let description = activity.description.flatMap { $0.isEmpty ? nil : $0 }
            ?? "An activity of the \(activity.groupName) under the GMG Multi-Annual Work Plan 2013-2015."
        out += "    <description type=\"1\">\(narrative(description))</description>\n"
        // Accountable: the group's co-chairs or co-conveners. Implementing: the lead and partners.
        for lead in activity.groupLeads {
            out += "    <participating-org role=\"2\" type=\"\(organisationType(lead.kind))\">\(narrative(lead.name))</participating-org>\n"
        }
        for agency in (activity.lead.map { [$0] } ?? []) + activity.partners {
            out += "    <participating-org role=\"4\" type=\"\(organisationType(agency.kind))\">\(narrative(agency.name))</participating-org>\n"
        }
        if activity.groupLeads.isEmpty && activity.lead == nil && activity.partners.isEmpty {
            out += "    <participating-org role=\"2\" type=\"\(XML.escape(options.reportingOrgType))\">\(narrative(options.reportingOrgName))</participating-org>\n"
        }
        out += "    <activity-status code=\"\(status(activity, asOf: asOf))\"/>\n"
        var dates: [(Int, Day)] = []
        if let start = summary.start { dates.append((1, start)) }
        if let start = activity.actualStart { dates.append((2, start)) }
        if let end = summary.end { dates.append((3, end)) }
        if let end = activity.actualEnd { dates.append((4, end)) }
        // The schema wants at least one date: without any, the plan period's start stands as planned start.
        if dates.isEmpty { dates.append((1, options.period.start)) }
        for (type, day) in dates {
            out += "    <activity-date type=\"\(type)\" iso-date=\"\(day)\"/>\n"
        }
        for point in activity.agenda {
            out += "    <tag vocabulary=\"99\" vocabulary-uri=\"\(agendaVocabularyURI)\" code=\"\(point.number)\">"
                + narrative("\(point.number). \(point.title)") + "</tag>\n"
        }
        // Each framework is its own vocabulary (99: the reporting organisation's), named by its
        // vocabulary-uri; a framework without one has its name before each code, so that codes
        // of different frameworks ("1" of the agenda, "1" of the chair's plan) stay apart.
        for point in activity.links {
            let uri = options.frameworks.first { $0.name == point.ref.framework }?.vocabularyURI
            let code = uri == nil ? point.ref.description : point.ref.code
            out += "    <tag vocabulary=\"99\"" + (uri.map { " vocabulary-uri=\"\(XML.escape($0))\"" } ?? "")
                + " code=\"\(XML.escape(code))\">" + narrative("\(point.ref.code). \(point.title)") + "</tag>\n"
        }
        let periodStart = summary.start ?? options.period.start
        if activity.milestones > 0 {
            out += result(type: 1, title: "Milestones of the work plan done",
                          indicator: "Milestones done", measure: "1", ascending: true,
                          baseline: (periodStart.year, Value.value("0")), start: periodStart, end: summary.end ?? options.period.end,
                          target: Value.value("\(activity.milestones)"), actual: Value.value("\(activity.milestonesDone)"))
        }
        for indicator in activity.indicators {
            let measure: String
            switch indicator.measure {
            case .unit: measure = "1"
            case .percentage: measure = "2"
            case .qualitative: measure = "5"
            }
            func value(_ value: IndicatorValue?) -> Value? {
                switch value {
                case .number(let number)?: return .value(JSON.format(number))
                case .text(let text)?: return .comment(text)
                case nil: return nil
                }
            }
            let start = indicator.baselineYear.flatMap { Day(year: $0, month: 1, day: 1) }.map { max($0, periodStart) } ?? periodStart
            let end = indicator.periodEnd ?? summary.end ?? options.period.end
            out += result(type: indicator.result == .outcome ? 2 : 1, title: indicator.title, indicator: indicator.title,
                          measure: measure, ascending: indicator.ascending,
                          baseline: value(indicator.baseline).map { (indicator.baselineYear ?? periodStart.year, $0) },
                          start: min(start, end), end: end, target: value(indicator.target), actual: value(indicator.actual))
        }
        if !activity.updates.isEmpty { out += progressUpdates(activity.updates) }
        out += "  </iati-activity>\n"
        return out
    }

    /// The approved progress updates, where IATI keeps words about results: a qualitative
    /// indicator (measure 5) of an output result, with a period per reporting period whose
    /// actual's comment holds the update (its status, achievements, challenges, next steps).
    static func progressUpdates(_ updates: [(period: ReportingPeriod, update: ProgressUpdate)]) -> String {
        var out = "    <result type=\"1\" aggregation-status=\"false\">\n"
        out += "      <title>\(narrative("Progress reported to the GMG"))</title>\n"
        out += "      <indicator measure=\"5\" ascending=\"true\">\n"
        out += "        <title>\(narrative("Approved progress updates, by reporting period"))</title>\n"
        for (period, update) in updates {
            let parts = [("Status", update.status?.label ?? ""), ("Achievements", update.achievements), ("Challenges", update.challenges),
                         ("Next steps", update.nextSteps)].filter { !$0.1.isEmpty }
            out += "        <period>\n          <period-start iso-date=\"\(period.from)\"/>\n          <period-end iso-date=\"\(period.to)\"/>\n"
            out += "          <actual><comment>\(narrative(parts.map { "\($0.0): \($0.1)" }.joined(separator: "\n\n")))</comment></actual>\n"
            out += "        </period>\n"
        }
        return out + "      </indicator>\n    </result>\n"
    }

    enum Value {
        case value(String)
        case comment(String)

        func element(_ name: String) -> String {
            switch self {
            case .value(let text): return "<\(name) value=\"\(XML.escape(text))\"/>"
            case .comment(let text): return "<\(name)><comment>\(narrative(text))</comment></\(name)>"
            }
        }
    }

    private static func result(type: Int, title: String, indicator: String, measure: String, ascending: Bool,
                               baseline: (Int, Value)?, start: Day, end: Day, target: Value?, actual: Value?) -> String {
        var out = "    <result type=\"\(type)\" aggregation-status=\"false\">\n"
        out += "      <title>\(narrative(title))</title>\n"
        out += "      <indicator measure=\"\(measure)\" ascending=\"\(ascending)\">\n"
        out += "        <title>\(narrative(indicator))</title>\n"
        if let (year, value) = baseline {
            switch value {
            case .value(let text): out += "        <baseline year=\"\(year)\" value=\"\(XML.escape(text))\"/>\n"
            case .comment(let text): out += "        <baseline year=\"\(year)\"><comment>\(narrative(text))</comment></baseline>\n"
            }
        }
        out += "        <period>\n"
        out += "          <period-start iso-date=\"\(start)\"/>\n          <period-end iso-date=\"\(end)\"/>\n"
        if let target { out += "          " + target.element("target") + "\n" }
        if let actual { out += "          " + actual.element("actual") + "\n" }
        out += "        </period>\n      </indicator>\n    </result>\n"
        return out
    }

    static func narrative(_ text: String) -> String {
        "<narrative>\(XML.escape(text))</narrative>"
    }
}
