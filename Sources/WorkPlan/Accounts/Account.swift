/// What a user may do (DESIGN §8): the secretariat everything, an agency's editor the work its
/// agency leads or partners in, a viewer read.
public enum Role: String, CaseIterable, Sendable {
    case admin, editor, viewer
}

/// How often `mawp remind` writes to a user (DESIGN §11): on the first run of each ISO week, of
/// each day, or never.
public enum ReminderSetting: String, CaseIterable, Sendable {
    case weekly, daily, off

    /// The days on which one message is enough for a user who hears on `day`: its ISO week
    /// (Monday to Sunday) for weekly users, the day itself for daily ones; nil: never written to.
    public func window(around day: Day) -> ClosedRange<Day>? {
        switch self {
        case .off: return nil
        case .daily: return day...day
        case .weekly:
            // 1970-01-01 was a Thursday: three days after a Monday.
            let sinceMonday = ((day.dayNumber + 3) % 7 + 7) % 7
            guard let monday = Day(dayNumber: day.dayNumber - sinceMonday), let sunday = Day(dayNumber: monday.dayNumber + 6) else { return day...day }
            return monday...sunday
        }
    }
}

/// A user of `mawp-server`, bound to one agency.
public struct Account: Hashable, Sendable {
    public let id: Int64
    public let name: String
    public let agency: String
    public let role: Role
    public let isDisabled: Bool
    /// Whether a password is set (else the user has a one-time set-up code, or nothing).
    public let hasPassword: Bool
    public let createdAt: String
    /// Where reminders go (an RFC 5322 addr-spec, as given); nil: none are sent.
    public let email: String?
    public let reminders: ReminderSetting
}

/// An API token or a calendar link as listed: never its secret.
public struct TokenInfo: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// `Authorization: Bearer mawp_…` for the API.
        case api
        /// `/calendar/mawpcal_….ics`: the milestones of its user's agency or of one group, read-only.
        case calendar
    }

    public let id: Int64
    public let user: String
    public let kind: Kind
    /// A calendar link's group; nil: its user's agency's activities (or an API token).
    public let group: String?
    public let readOnly: Bool
    /// Refused from this date on (UTC).
    public let expiresOn: Day?
    public let createdAt: String
    public let revokedAt: String?

    public enum State: String, Sendable { case active, expired, revoked }

    public func state(on today: Day) -> State {
        if revokedAt != nil { return .revoked }
        if let expiresOn, today >= expiresOn { return .expired }
        return .active
    }
}

/// Who a request acts as: an account, through a token (perhaps read-only) or a password.
public struct Authenticated: Hashable, Sendable {
    public let account: Account
    /// A read-only token reads only, whatever the account's role.
    public let readOnly: Bool
    public let tokenID: Int64?

    public init(account: Account, readOnly: Bool, tokenID: Int64?) {
        self.account = account
        self.readOnly = readOnly
        self.tokenID = tokenID
    }
}

/// A change a user asks for, as the permission rules see it.
public enum Action: Sendable {
    /// Add an activity to `group` led by `lead`.
    case addActivity(group: String, lead: String?)
    /// Edit or cancel the activity, or change its milestones and indicators.
    case changeActivity(ActivityRef)
    /// Approve, return or reopen the activity's progress updates (DESIGN §10): its group's
    /// co-chairs or co-conveners. Writing and submitting one is ``changeActivity(_:)``.
    case reviewUpdate(ActivityRef)
    /// Everything else that writes: groups, agencies, the chair, frameworks, baselines, imports,
    /// reporting periods.
    case administer
    /// Add, enable, disable and edit users; make and revoke tokens (the server's `/admin`; on the
    /// host, `mawp user` and `mawp token` act as whoever may write the file).
    case manageAccounts

    var description: String {
        switch self {
        case .addActivity(let group, let lead): return "add an activity to \(group)" + (lead.map { " led by \($0)" } ?? "")
        case .changeActivity(let ref): return "change \(ref)"
        case .reviewUpdate(let ref): return "review the updates of \(ref) (its group's co-chairs or co-conveners do)"
        case .administer: return "change the plan's reference data"
        case .manageAccounts: return "manage users and tokens"
        }
    }
}

extension Account {
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || [46, 95, 64, 45].contains(byte)
        }
    }
}
