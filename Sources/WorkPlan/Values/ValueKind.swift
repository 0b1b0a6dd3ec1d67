/// The kinds of value people type (a date, a group's code, a reference…), each parsed one way
/// for every front end: the CLI's options, the API's queries and bodies, the pages' forms. A
/// value that is not of its kind is ``PlanError/malformed(_:value:field:)``, which each front end
/// only phrases (a usage error, 400 or 422, the message beside the field).
public enum ValueKind: String, Sendable {
    case date, moment, group, agency, activity, milestone, indicator, point, period, status, email, reminders

    /// What a value of the kind is, for messages ("a date").
    public var noun: String {
        switch self {
        case .date: return "a date"
        case .moment: return "a moment"
        case .group: return "a group code"
        case .agency: return "an agency code"
        case .activity: return "an activity reference"
        case .milestone: return "a milestone reference"
        case .indicator: return "an indicator reference"
        case .point: return "a point"
        case .period: return "a reporting period's code"
        case .status: return "an update's status"
        case .email: return "an e-mail address"
        case .reminders: return "a reminder setting"
        }
    }

    /// How one is written, with an example.
    public var form: String {
        switch self {
        case .date: return "write YYYY-MM-DD, such as 2014-03-31"
        case .moment: return "write YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.sss]] (UTC), such as 2014-12-31T17:00"
        case .group: return "lower-case letters, digits and single hyphens, such as decent-work"
        case .agency: return "letters and digits (spaces and hyphens are ignored), such as UNDP or \"UN Women\""
        case .activity: return "GROUP-N, such as data-1"
        case .milestone: return "ACTIVITY.K, such as data-1.2"
        case .indicator: return "ACTIVITY.iK, such as data-1.i1"
        case .point: return "FRAMEWORK:CODE, such as recommendations:P1 or agenda:7 (see mawp framework list)"
        case .period: return "letters, digits and single hyphens, such as 2014-H1"
        case .status: return "one of " + UpdateStatus.allCases.map(\.rawValue).joined(separator: ", ")
        case .email: return "local-part@domain as RFC 5322 writes it, at most 254 characters, such as amina@unicef.org"
        case .reminders: return "one of " + ReminderSetting.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}

extension Values {
    /// `text` as a date in the plan's years (``PlanError/malformed(_:value:field:)`` or
    /// ``PlanError/dateOutOfRange(field:value:)``). `field` names it in the message ("" for none).
    public static func date(_ text: String, field: String) throws -> Day {
        guard let day = try day(text, field: field) else { throw PlanError.malformed(.date, value: text, field: field) }
        return day
    }

    /// `text` as a moment (`--as-recorded`, `asRecorded`), its date in the plan's years.
    public static func recordedTime(_ text: String, field: String) throws -> RecordedTime {
        guard let time = try moment(text, field: field) else { throw PlanError.malformed(.moment, value: text, field: field) }
        return time
    }

    /// A group's code as typed (case and spaces as ``GroupCode/canonical(_:)`` allows).
    public static func group(_ text: String, field: String) throws -> String {
        try parsed(text, .group, field, GroupCode.canonical)
    }

    /// An agency's code as typed (case, spaces and hyphens ignored).
    public static func agency(_ text: String, field: String) throws -> String {
        try parsed(text, .agency, field, AgencyCode.canonical)
    }

    public static func activity(_ text: String, field: String) throws -> ActivityRef {
        try parsed(text, .activity, field, ActivityRef.init)
    }

    public static func milestone(_ text: String, field: String) throws -> MilestoneRef {
        try parsed(text, .milestone, field, MilestoneRef.init)
    }

    public static func indicator(_ text: String, field: String) throws -> IndicatorRef {
        try parsed(text, .indicator, field, IndicatorRef.init)
    }

    /// A reporting period's code as typed (any case).
    public static func period(_ text: String, field: String) throws -> String {
        try parsed(text, .period, field, PeriodCode.canonical)
    }

    /// An update's status (`on-track`).
    public static func status(_ text: String, field: String) throws -> UpdateStatus {
        try parsed(text, .status, field, UpdateStatus.init(rawValue:))
    }

    /// An e-mail address (RFC 5322 addr-spec), kept as given.
    public static func email(_ text: String, field: String) throws -> String {
        try parsed(text, .email, field) { EmailAddress.isValid($0) ? $0 : nil }
    }

    /// How often a user hears from `mawp remind`.
    public static func reminders(_ text: String, field: String) throws -> ReminderSetting {
        try parsed(text, .reminders, field, ReminderSetting.init(rawValue:))
    }

    public static func point(_ text: String, field: String) throws -> PointRef {
        try parsed(text, .point, field, PointRef.init)
    }

    private static func parsed<T>(_ text: String, _ kind: ValueKind, _ field: String, _ parse: (String) -> T?) throws -> T {
        guard let value = parse(text) else { throw PlanError.malformed(kind, value: text, field: field) }
        return value
    }
}
