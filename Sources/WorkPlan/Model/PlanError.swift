/// A change or a question the plan's rules refuse, said in the plan's own terms. The library
/// says *what* is wrong; each front end decides how to tell it (the CLI: a message, a hint and
/// an exit status; a server: a status and a problem document). `description` is the plain
/// statement, with the value at fault and no advice on any particular front end's commands.
/// What only a GMG member may do.
public enum MemberRole: String, Sendable {
    case groupLead = "lead a group"
    case chair = "chair the GMG"
}

public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing of that code or reference exists. `known` lists the groups; `last` is the
    /// highest number in use where the reference is numbered (nil: none yet).
    case unknownGroup(String, known: [String])
    case unknownAgency(String)
    case unknownActivity(ActivityRef, last: Int?)
    case unknownMilestone(MilestoneRef, last: Int?)
    case unknownIndicator(IndicatorRef, last: Int?)
    /// Not one of the agenda's points (`known`: the agenda table's numbers).
    case unknownAgendaPoint(Int, known: [Int])
    case unknownPoint(PointRef)
    case unknownFramework(String, known: [String])
    case duplicateFramework(String)
    /// Only a GMG member may lead a group or chair the GMG.
    case notAMember(String, kind: AgencyKind, role: MemberRole)
    /// A chair's term would overlap another's.
    case chairOverlap(ChairTerm)
    /// No chair's term begins on that date.
    case unknownChairTerm(from: Day)
    case duplicatePoint(PointRef)
    /// A code or name that must be unique is taken.
    case duplicateAgency(String)
    case duplicateGroup(String)
    case duplicateBaseline(String)
    /// An end before a start; `from` is the date from which an edit would make it so.
    case invalidDateRange(start: Day, end: Day, from: Day?)
    /// The record left the plan and takes no such change.
    case activityCancelled(ActivityRef, on: Day, takes: String)
    case milestoneDropped(MilestoneRef, on: Day)
    /// An indicator's baseline year outside ``PlanStore/NewIndicator/baselineYears``.
    case invalidBaselineYear(Int)
    /// A value that does not suit the indicator's measure.
    case invalidIndicatorValue(IndicatorRef, measure: IndicatorMeasure, value: String)
    /// A number that is not a plain decimal (DESIGN §8 "Values"); `field` names where it was given.
    case invalidNumber(field: String, value: String)
    /// A number that is not finite or lies beyond ``Values/numberLimit``.
    case numberOutOfRange(field: String, value: String)
    /// A date outside the years ``Values/years``.
    case dateOutOfRange(field: String, value: String)
    /// A control character in a text (tab and newline only in long texts); `character` is the scalar.
    case controlCharacter(field: String, character: UInt32)
    /// Neither a baseline's name nor a moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC).
    case unknownMoment(String)
    /// A baseline must name a moment already recorded.
    case futureMoment(RecordedTime)
    /// The sample fills only a plan without activities.
    case planNotEmpty(activities: Int)
    /// Accounts (DESIGN §8).
    case unknownUser(String)
    case duplicateUser(String)
    case invalidUserName(String)
    case userDisabled(String)
    /// The change would leave no active administrator (disabling the last one, or taking the
    /// role from them): nobody could manage users from the web any more.
    case lastActiveAdmin(String)
    case unknownToken(Int64)
    /// A user holds ``PlanStore/calendarLinksPerUser`` live calendar links already.
    case tooManyCalendarLinks(String, limit: Int)
    case expiryNotAhead(Day)
    case unsuitablePassword(ClosedRange<Int>)
    /// A sign-in or a password change with the wrong secret (which part, it never says).
    case wrongCredentials
    /// The user may not make this change.
    case notAllowed(String, String)
    /// A value that is not of its kind (a date, a code, a reference…), in `field` ("" for none).
    case malformed(ValueKind, value: String, field: String)
    /// A title or a name that is empty or only spaces.
    case blankText(field: String)
    /// An IATI file needs at least one activity: the plan has none.
    case nothingToPublish
    /// Reporting periods and progress updates (DESIGN §10).
    case unknownPeriod(String, known: [String])
    case duplicatePeriod(String)
    /// The period is locked: its updates take no change.
    case periodLocked(String)
    /// The update is in a state the step does not start from.
    case updateState(ActivityRef, period: String, state: UpdateState, step: UpdateStep)
    /// Nobody approves an update they submitted themselves.
    case ownSubmission(ActivityRef, period: String, user: String)
    /// An update is submitted only with a status.
    case updateWithoutStatus(ActivityRef, period: String)

    /// The field of the request or command the error is about, when it names one.
    public var field: String? {
        switch self {
        case .invalidNumber(let field, _), .numberOutOfRange(let field, _), .dateOutOfRange(let field, _), .controlCharacter(let field, _),
             .blankText(let field), .malformed(_, _, let field):
            return field.isEmpty ? nil : field
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .unknownGroup(let code, _): return "unknown group '\(code)'"
        case .unknownAgency(let code): return "unknown agency '\(code)'"
        case .unknownActivity(let ref, _): return "unknown activity '\(ref)'"
        case .unknownMilestone(let ref, _): return "unknown milestone '\(ref)'"
        case .unknownIndicator(let ref, _): return "unknown indicator '\(ref)'"
        case .unknownAgendaPoint(let point, let known):
            let range = known.first.map { first in "a number from \(first) to \(known.last ?? first)" } ?? "the agenda has none"
            return "'\(point)' is not an agenda point: \(range)"
        case .unknownPoint(let ref): return "unknown point '\(ref)'"
        case .unknownFramework(let name, _): return "unknown framework '\(name)'"
        case .duplicateFramework(let name): return "framework \(name) exists already"
        case .notAMember(let code, let kind, let role):
            return "\(code) is \(kind == .other ? "not a GMG member" : "a \(kind.rawValue) stakeholder, not a GMG member"): only GMG members \(role.rawValue)"
        case .chairOverlap(let term):
            return "\(term.agency) chairs the GMG from \(term.from)\(term.until.map { " to \($0)" } ?? " with no end date"): terms may not overlap"
        case .unknownChairTerm(let from): return "no chair's term begins on \(from)"
        case .duplicatePoint(let ref): return "point \(ref) exists already"
        case .duplicateAgency(let code): return "agency \(code) exists already"
        case .duplicateGroup(let code): return "group \(code) exists already"
        case .duplicateBaseline(let name): return "a baseline named '\(name)' exists already"
        case .invalidDateRange(let start, let end, nil): return "the end date \(end) is before the start date \(start)"
        case .invalidDateRange(let start, let end, let from?): return "the end \(end) would be before the start \(start) from \(from)"
        case .activityCancelled(let ref, let on, let takes): return "\(ref) was cancelled on \(on); it takes no new \(takes)"
        case .milestoneDropped(let ref, let on): return "\(ref) was dropped on \(on); it takes no change of state or due date"
        case .invalidBaselineYear(let year):
            return "\(year) is not a year from \(PlanStore.NewIndicator.baselineYears.lowerBound) to \(PlanStore.NewIndicator.baselineYears.upperBound)"
        case .invalidIndicatorValue(let ref, let measure, let value):
            return measure.isNumeric ? "\(ref) is a \(measure.rawValue) indicator: '\(value)' is not a number"
                : "\(ref) is a qualitative indicator: its values are text, not \(value)"
        case .invalidNumber(let field, let value):
            return "\(field): '\(value)' is not a number (write a plain decimal, such as 12 or -3.5)"
        case .numberOutOfRange(let field, let value):
            return "\(field): \(value) is out of range: numbers lie between -1e12 and 1e12"
        case .dateOutOfRange(let field, let value):
            return "\(field.isEmpty ? "" : "\(field): ")\(value) is out of range: dates lie in the years \(Values.years.lowerBound) to \(Values.years.upperBound)"
        case .controlCharacter(let field, let character):
            let hex = String(character, radix: 16, uppercase: true)
            let name = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "\(field): the text holds a control character (\(name)); "
                + (Values.isLongText(field) ? "only tab and newline are allowed" : "it must be one line of printable text")
        case .unknownMoment(let text): return "'\(text)' is neither a baseline nor a moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC)"
        case .futureMoment(let time): return "\(time) is in the future: a baseline names a moment already recorded"
        case .planNotEmpty(let activities): return "the plan already holds \(counted(activities, "activity", "activities")); the sample fills only a new plan"
        case .unknownUser(let name): return "unknown user '\(name)'"
        case .duplicateUser(let name): return "a user named '\(name)' exists already"
        case .invalidUserName(let name): return "'\(name)' is not a user name: letters, digits and . _ @ -, at most 64"
        case .userDisabled(let name): return "\(name) is disabled"
        case .lastActiveAdmin(let name): return "\(name) is the last active admin: there must always be one"
        case .unknownToken(let id): return "unknown token \(id)"
        case .tooManyCalendarLinks(let user, let limit): return "\(user) has \(limit) calendar links already: revoke one first"
        case .expiryNotAhead(let day): return "the expiry date \(day) is not ahead: a token is refused from that date on"
        case .unsuitablePassword(let range): return "a password needs \(range.lowerBound) to \(range.upperBound) bytes"
        case .wrongCredentials: return "the user name or the password is wrong"
        case .notAllowed(let user, let action): return "\(user) may not \(action)"
        case .nothingToPublish: return "the plan has no activities: there is nothing to publish"
        case .malformed(let kind, let value, let field):
            return (field.isEmpty ? "" : "\(field): ") + "'\(value)' is not \(kind.noun): \(kind.form)"
        case .blankText(let field): return "\(field): give a \(field), not an empty one"
        case .unknownPeriod(let code, _): return "unknown reporting period '\(code)'"
        case .duplicatePeriod(let code): return "reporting period \(code) exists already"
        case .periodLocked(let code): return "reporting period \(code) is locked: its updates take no change"
        case .updateState(let ref, let period, let state, let step):
            let allowed = step.from.sorted { $0.rawValue < $1.rawValue }.map(\.label).joined(separator: " or ")
            return "the update of \(ref) for \(period) is \(state == .missing ? "not written yet" : state.label): "
                + "only one that is \(allowed) can be \(step.pastParticiple)"
        case .ownSubmission(let ref, let period, let user):
            return "\(user) submitted the update of \(ref) for \(period): another reviewer approves it"
        case .updateWithoutStatus(let ref, let period):
            return "the update of \(ref) for \(period) has no status: give one (not-started, on-track, at-risk, off-track or completed) before submitting"
        }
    }
}
