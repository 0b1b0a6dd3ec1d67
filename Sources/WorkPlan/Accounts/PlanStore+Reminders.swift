import SQLite

/// Who hears from `mawp remind` and what was sent (DESIGN §11). The messages themselves are
/// written by the renderer and handed to the mail system by the command.
extension PlanStore {
    /// The users to write to on `asOf`, by name: active, with an address and a setting other
    /// than off, not written to yet within their setting's window (``ReminderSetting/window(around:)``),
    /// and with something to hear: their agency's ``agenda(agency:asOf:)``, and the updates
    /// waiting for their review.
    public func reminders(asOf: Day) throws -> [Reminder] {
        try read {
            let accounts = try db.cachedStatement(PlanStore.accountSQL + " WHERE u.disabled_at IS NULL AND u.email IS NOT NULL AND u.reminders <> 'off' ORDER BY u.name")
                .map { PlanStore.account($0) }
            var agendas: [String: AgencyAgenda] = [:]
            var reminders: [Reminder] = []
            for account in accounts {
                guard let email = account.email, let window = account.reminders.window(around: asOf),
                      try !wasReminded(account, within: window) else { continue }
                let agenda = try agendas[account.agency] ?? agenda(agency: account.agency, asOf: asOf)
                agendas[account.agency] = agenda
                let reviews = account.role == .viewer ? [] : try updatesAwaitingReview(by: Authenticated(account: account, readOnly: false, tokenID: nil))
                let reminder = Reminder(account: account, email: email, agenda: agenda, reviews: reviews)
                if !reminder.isEmpty { reminders.append(reminder) }
            }
            return reminders
        }
    }

    private func wasReminded(_ account: Account, within window: ClosedRange<Day>) throws -> Bool {
        try db.cachedStatement("SELECT 1 FROM reminder_sent WHERE user_id = ?1 AND sent_on BETWEEN ?2 AND ?3")
            .first([.integer(account.id), .text(window.lowerBound.description), .text(window.upperBound.description)]) { _ in true } ?? false
    }

    /// Records that the mail system took `reminder`'s message on `day`: the user hears nothing
    /// more within their window. Recording it again is no error.
    public func recordReminder(_ reminder: Reminder, on day: Day, messageID: String) throws {
        try write {
            try db.cachedStatement("""
                INSERT INTO reminder_sent (user_id, sent_on, message_id, sent_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (user_id, sent_on) DO NOTHING
                """).execute([.integer(reminder.account.id), .text(day.description), .text(messageID), .text(Timestamp.now())])
        }
    }
}
