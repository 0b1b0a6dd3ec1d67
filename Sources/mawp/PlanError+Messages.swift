import WorkPlan

extension MawpError {
    /// Any failure of a command on the database at `path`, as the command line tells it.
    static func telling(_ error: any Error, path: String) -> MawpError {
        if let error = error as? PlanError { return MawpError(plan: error, path: path) }
        return MawpError(error, path: path)
    }

    /// What the command line says when the plan's rules refuse something: the library's
    /// statement, a hint with the command that helps, and the exit status (DESIGN §5).
    init(plan error: PlanError, path: String) {
        let message = error.description
        switch error {
        case .unknownGroup(_, let known):
            self.init(.data, message, hint: "known groups: \(known.joined(separator: ", "))")
        case .unknownAgency:
            self.init(.data, message, hint: "see mawp agency list, or add it with mawp agency add")
        case .unknownActivity(let ref, let last):
            let group = ref.group
            self.init(.data, message, hint: last.map { $0 == 1 ? "\(group) has one activity, \(group)-1" : "\(group) has activities \(group)-1 to \(group)-\($0)" }
                ?? "\(group) has no activities yet")
        case .unknownMilestone(let ref, let last):
            let activity = ref.activity
            self.init(.data, message, hint: last.map { $0 == 1 ? "\(activity) has one milestone, \(activity).1" : "\(activity) has milestones \(activity).1 to \(activity).\($0)" }
                ?? "\(activity) has no milestones yet")
        case .unknownIndicator(let ref, let last):
            let activity = ref.activity
            self.init(.data, message, hint: last.map { $0 == 1 ? "\(activity) has one indicator, \(activity).i1" : "\(activity) has indicators \(activity).i1 to \(activity).i\($0)" }
                ?? "\(activity) has no indicators yet")
        case .unknownAgendaPoint:
            self.init(.usage, message, hint: "see mawp agenda")
        case .unknownFramework(_, let known):
            self.init(.data, message, hint: "known frameworks: \(known.joined(separator: ", "))")
        case .notAMember(let code, _, _):
            self.init(.data, message, hint: "mark it as one with: mawp agency edit \(code) --kind gmg-member")
        case .chairOverlap(let term):
            self.init(.data, message, hint: "change that term first: mawp chair set \(term.agency) --from \(term.from) --to DATE, or mawp chair remove --from \(term.from)")
        case .unknownChairTerm:
            self.init(.data, message, hint: "see mawp chair list")
        case .duplicateFramework, .duplicatePoint:
            self.init(.data, message, hint: "see mawp framework list")
        case .unknownPoint(let ref):
            self.init(.data, message, hint: "see mawp framework show \(ref.framework), or mawp framework list")
        case .duplicateAgency:
            self.init(.data, message, hint: "agency codes ignore case, spaces and hyphens")
        case .duplicateGroup:
            self.init(.data, message, hint: "see mawp group list")
        case .duplicateBaseline:
            self.init(.data, message, hint: "see mawp baseline list")
        case .invalidDateRange(_, _, nil):
            self.init(.usage, message)
        case .invalidDateRange:
            self.init(.data, message, hint: "nothing was changed; give both --start and --end")
        case .invalidNumber, .dateOutOfRange, .malformed:
            self.init(.usage, message)
        case .numberOutOfRange, .controlCharacter, .blankText:
            self.init(.data, message, hint: "nothing was changed")
        case .activityCancelled, .milestoneDropped, .invalidIndicatorValue:
            self.init(.data, message)
        case .unknownMoment:
            self.init(.usage, message, hint: "see mawp baseline list")
        case .futureMoment, .invalidBaselineYear:
            self.init(.usage, message)
        case .nothingToPublish:
            self.init(.data, message, hint: "an IATI file needs at least one iati-activity; add activities first")
        case .unknownUser:
            self.init(.data, message, hint: "see mawp user list")
        case .userDisabled(let name):
            self.init(.data, message, hint: "enable it first: mawp user enable \(name)")
        case .lastActiveAdmin:
            self.init(.data, message, hint: "make another user an admin first (mawp user add NAME --agency A --role admin, or mawp user edit NAME --role admin)")
        case .duplicateUser, .invalidUserName, .wrongCredentials, .notAllowed:
            self.init(.data, message)
        case .unknownToken, .tooManyCalendarLinks:
            self.init(.data, message, hint: "see mawp token list")
        case .expiryNotAhead, .unsuitablePassword:
            self.init(.usage, message)
        case .unknownPeriod(_, let known):
            self.init(.data, message, hint: known.isEmpty ? "add one with mawp period add" : "known periods: \(known.joined(separator: ", "))")
        case .duplicatePeriod:
            self.init(.data, message, hint: "see mawp period list")
        case .periodLocked(let code):
            self.init(.data, message, hint: "an admin may unlock it: mawp period unlock \(code) --note TEXT")
        case .updateState(let ref, let period, _, _):
            self.init(.data, message, hint: "see mawp update show \(ref) --period \(period)")
        case .ownSubmission, .updateWithoutStatus:
            self.init(.data, message)
        case .planNotEmpty:
            self.init(.data, "\(path): \(message)", hint: "make a new one: mawp init --sample --db sample.sqlite")
        }
    }
}
