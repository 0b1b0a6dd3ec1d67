import Secrets
import SQLite

/// Accounts and tokens for `mawp-server`, and the permission rules. Passwords and set-up codes
/// are hashed with bcrypt (cost ``PlanStore/bcryptCost``); tokens and calendar links, 256 random
/// bits each, with SHA-256. No secret is stored, or returned after its creation, in clear.
extension PlanStore {
    public static let bcryptCost: UInt8 = 12
    /// How many live calendar links one user may hold (a calendar program, a phone, a
    /// colleague's copy …): enough for any person, and a bound on what a flood of requests adds.
    public static let calendarLinksPerUser = 20
    /// Passwords: long enough to resist guessing, short enough for bcrypt (72 bytes).
    public static let passwordBytes = 10...72

    // MARK: - Users

    /// Adds a user; with `password` it is set, else a one-time set-up code is made and returned
    /// (to pass to the user, who chooses a password with it). `email` (an RFC 5322 addr-spec) is
    /// where `mawp remind` writes, as often as `reminders` says.
    public func addUser(name: String, agency: String, role: Role, password: String?, email: String? = nil,
                        reminders: ReminderSetting = .weekly) throws -> (Account, setupCode: String?) {
        if let password { try PlanStore.checkPassword(password) }
        guard Account.isValidName(name) else { throw PlanError.invalidUserName(name) }
        if let email { _ = try Values.email(email, field: "email") }
        // Hashing is slow by design: done before the transaction, so no lock is held meanwhile.
        let setupCode = password == nil ? PlanStore.randomSecret(bytes: 10) : nil
        let passwordHash = password.map { SecretHash.hash($0, cost: PlanStore.bcryptCost) }
        let codeHash = setupCode.map { SecretHash.hash($0, cost: PlanStore.bcryptCost) }
        return try write {
            if try db.scalarInt("SELECT 1 FROM app_user WHERE name = ?1", [.text(name)]) != nil {
                throw PlanError.duplicateUser(name)
            }
            let agencyID = try agencyID(agency)
            try db.cachedStatement("""
                INSERT INTO app_user (name, agency_id, role, password_hash, setup_code_hash, created_at, email, reminders)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """).execute([.text(name), .integer(agencyID), .text(role.rawValue), .nullable(passwordHash), .nullable(codeHash),
                              .text(Timestamp.now()), .nullable(email), .text(reminders.rawValue)])
            return (try account(named: name), setupCode)
        }
    }

    public func users() throws -> [Account] {
        try read { try db.cachedStatement(PlanStore.accountSQL + " ORDER BY u.name").map { PlanStore.account($0) } }
    }

    public func account(named name: String) throws -> Account {
        try read {
            guard let account = try db.cachedStatement(PlanStore.accountSQL + " WHERE u.name = ?1").first([.text(name)], PlanStore.account) else {
                throw PlanError.unknownUser(name)
            }
            return account
        }
    }

    /// Disables a user: their sign-ins, sessions and tokens are refused from now on, and their
    /// sessions and set-up code end. Never the last active admin (``PlanError/lastActiveAdmin(_:)``).
    public func disableUser(_ name: String) throws -> ChangeOutcome {
        try write {
            let account = try account(named: name)
            if account.isDisabled { return .unchanged("\(account.name) is disabled already; nothing changed") }
            try keepAnAdmin(without: account)
            try db.cachedStatement("UPDATE app_user SET disabled_at = ?2 WHERE id = ?1").execute([.integer(account.id), .text(Timestamp.now())])
            try endSessionsAndCodes(userID: account.id)
            return .changed
        }
    }

    /// Enables a disabled user again: they sign in with the password they had; their tokens
    /// that are neither revoked nor expired work again.
    public func enableUser(_ name: String) throws -> ChangeOutcome {
        try write {
            let account = try account(named: name)
            if !account.isDisabled { return .unchanged("\(account.name) is not disabled; nothing changed") }
            try db.cachedStatement("UPDATE app_user SET disabled_at = NULL WHERE id = ?1").execute([.integer(account.id)])
            return .changed
        }
    }

    /// Changes a user's role, agency, address or reminder setting (nil: as it is; `email`
    /// `.some(nil)` removes the address). Never takes the admin role from the last active admin
    /// (``PlanError/lastActiveAdmin(_:)``).
    public func editUser(_ name: String, role: Role? = nil, agency: String? = nil, email: String?? = nil,
                         reminders: ReminderSetting? = nil) throws -> ChangeOutcome {
        if let email = email ?? nil { _ = try Values.email(email, field: "email") }
        return try write {
            let account = try account(named: name)
            let agencyID = try agencyID(agency ?? account.agency)
            let newAgency = agency ?? account.agency
            let newRole = role ?? account.role
            let newEmail = email ?? account.email
            let newReminders = reminders ?? account.reminders
            if newRole == account.role && newAgency == account.agency && newEmail == account.email && newReminders == account.reminders {
                return .unchanged("\(account.name) is \(account.role.rawValue) for \(account.agency)"
                                  + (account.email.map { " at \($0)" } ?? " without an address")
                                  + " with \(account.reminders.rawValue) reminders already; nothing changed")
            }
            if account.role == .admin && newRole != .admin { try keepAnAdmin(without: account) }
            try db.cachedStatement("UPDATE app_user SET role = ?2, agency_id = ?3, email = ?4, reminders = ?5 WHERE id = ?1")
                .execute([.integer(account.id), .text(newRole.rawValue), .integer(agencyID), .nullable(newEmail), .text(newReminders.rawValue)])
            return .changed
        }
    }

    /// Refuses a change that would leave `account` out of the active admins when it is the
    /// last of them (in the caller's transaction, so that two such changes cannot both pass).
    func keepAnAdmin(without account: Account) throws {
        guard account.role == .admin, !account.isDisabled else { return }
        let others = try db.scalarInt("SELECT count(*) FROM app_user WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?1",
                                      [.integer(account.id)]) ?? 0
        if others == 0 { throw PlanError.lastActiveAdmin(account.name) }
    }

    /// Sets a user's password: by an administrator on the host (`code` nil), or by the user with
    /// their one-time set-up code or their current password. Every session of the user and any
    /// set-up code end: whoever held them must sign in with the new password.
    public func setPassword(user name: String, password: String, proof: String?) throws {
        try commitPasswordChange(try preparePasswordChange(user: name, password: password, proof: proof))
    }

    /// A password change checked and hashed, to store: the user's row as the proof was checked
    /// against it, and the new hash.
    public struct PasswordChange: Sendable {
        let userID: Int64
        let passwordHash: String?
        let codeHash: String?
        let newHash: String
    }

    /// Checks a password change and hashes the new password, reading only: bcrypt is slow by
    /// design, so a server runs this on a reader, never on its one writer. The proof is checked
    /// before the new password is hashed.
    public func preparePasswordChange(user name: String, password: String, proof: String?) throws -> PasswordChange {
        try PlanStore.checkPassword(password)
        let stored = try read {
            try db.cachedStatement("SELECT id, password_hash, setup_code_hash, disabled_at FROM app_user WHERE name = ?1")
                .first([.text(name)]) { ($0.int64(0), $0.optionalString(1), $0.optionalString(2), $0.isNull(3)) }
        }
        if let proof {
            // The same work whether or not the user exists, so that a refusal tells nothing.
            let hashes = [stored?.1, stored?.2].compactMap { $0 }
            var matches = false
            if hashes.isEmpty {
                _ = SecretHash.verify(proof, hash: PlanStore.decoyHash)
            } else {
                matches = hashes.contains { SecretHash.verify(proof, hash: $0) }
            }
            guard let stored, stored.3, matches else { throw PlanError.wrongCredentials }
        } else if stored == nil {
            throw PlanError.unknownUser(name)
        } else if stored?.3 == false {
            // An administrator resets the password of an enabled user only: enabling is its own step.
            throw PlanError.userDisabled(name)
        }
        guard let stored else { throw PlanError.unknownUser(name) }
        return PasswordChange(userID: stored.0, passwordHash: stored.1, codeHash: stored.2,
                              newHash: SecretHash.hash(password, cost: PlanStore.bcryptCost))
    }

    /// Stores a prepared password change, in a short write, if the user is as the proof was
    /// checked against (enabled, the same password and set-up code); else ``PlanError/wrongCredentials``.
    public func commitPasswordChange(_ change: PasswordChange) throws {
        try write {
            let same = try db.cachedStatement("""
                SELECT 1 FROM app_user WHERE id = ?1 AND disabled_at IS NULL AND password_hash IS ?2 AND setup_code_hash IS ?3
                """).first([.integer(change.userID), .nullable(change.passwordHash), .nullable(change.codeHash)]) { _ in true } ?? false
            guard same else { throw PlanError.wrongCredentials }
            try db.cachedStatement("UPDATE app_user SET password_hash = ?2 WHERE id = ?1").execute([.integer(change.userID), .text(change.newHash)])
            try endSessionsAndCodes(userID: change.userID)
        }
    }

    /// The account `name` signs in as with `password`, or nil (unknown, disabled, wrong
    /// password or none set): the caller cannot tell which, and every refusal takes as long.
    public func signIn(user name: String, password: String) throws -> Account? {
        let stored = try read {
            try db.cachedStatement("SELECT password_hash FROM app_user WHERE name = ?1 AND disabled_at IS NULL")
                .first([.text(name)]) { $0.optionalString(0) } ?? nil
        }
        guard SecretHash.verify(password, hash: stored ?? PlanStore.decoyHash), stored != nil else { return nil }
        return try account(named: name)
    }

    // MARK: - Tokens

    /// Makes a token for `user` and returns it: the only time its secret exists in clear. The
    /// file keeps its SHA-256 (``SecretHash/fast(_:)``): the secret is 256 random bits.
    public func createToken(user name: String, readOnly: Bool, expiresOn: Day?, today: Day = .today()) throws -> (TokenInfo, token: String) {
        if let expiresOn, expiresOn <= today { throw PlanError.expiryNotAhead(expiresOn) }
        let secret = PlanStore.randomSecret(bytes: 32)
        let hash = SecretHash.fast(secret)
        return try write {
            let account = try account(named: name)
            if account.isDisabled { throw PlanError.userDisabled(account.name) }
            try db.cachedStatement("""
                INSERT INTO api_token (user_id, secret_hash, read_only, expires_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                """).execute([.integer(account.id), .text(hash), .int(readOnly ? 1 : 0), .nullable(expiresOn?.description), .text(Timestamp.now())])
            return try created(kind: .api, secret: secret)
        }
    }

    /// The token just inserted, listed, with its text (the only time it exists in clear).
    private func created(kind: TokenInfo.Kind, secret: String) throws -> (TokenInfo, token: String) {
        let id = db.lastInsertRowID
        guard let info = try tokens(user: nil, id: id).first else { throw PlanError.unknownToken(id) }
        return (info, APIToken(kind: kind, id: id, secret: secret).text)
    }

    /// Makes a calendar link for `user` (DESIGN §11): read-only, for `group`, or without one for
    /// the activities the user's agency leads or partners in. Its secret is kept as an API
    /// token's is (its SHA-256). Returns it with its text, the only time that exists in clear.
    public func createCalendarLink(user name: String, group: String?) throws -> (TokenInfo, token: String) {
        let secret = PlanStore.randomSecret(bytes: 32)
        let secretHash = SecretHash.fast(secret)
        return try write {
            let account = try account(named: name)
            if account.isDisabled { throw PlanError.userDisabled(account.name) }
            let groupID = try group.map { try groupRow($0).id }
            let live = try db.scalarInt("SELECT count(*) FROM api_token WHERE user_id = ?1 AND kind = 'calendar' AND revoked_at IS NULL",
                                        [.integer(account.id)]) ?? 0
            if live >= PlanStore.calendarLinksPerUser { throw PlanError.tooManyCalendarLinks(account.name, limit: PlanStore.calendarLinksPerUser) }
            try db.cachedStatement("""
                INSERT INTO api_token (user_id, secret_hash, read_only, created_at, kind, group_id) VALUES (?1, ?2, 1, ?3, 'calendar', ?4)
                """).execute([.integer(account.id), .text(secretHash), .text(Timestamp.now()), groupID.map { .integer($0) } ?? .null])
            return try created(kind: .calendar, secret: secret)
        }
    }

    /// What a calendar link shows, or nil: not a live calendar link (unknown, revoked, its
    /// user disabled) or the wrong secret, checked as an API token's is.
    public func calendarScope(_ token: APIToken) throws -> (group: String?, agency: String?)? {
        guard token.kind == .calendar else { return nil }
        let row = try read {
            try db.cachedStatement("""
                SELECT t.secret_hash, g.code, a.code FROM api_token t JOIN app_user u ON u.id = t.user_id JOIN agency a ON a.id = u.agency_id
                LEFT JOIN work_group g ON g.id = t.group_id
                WHERE t.id = ?1 AND t.kind = 'calendar' AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """).first([.integer(token.id)]) { ($0.string(0), $0.optionalString(1), $0.string(2)) }
        }
        guard let row, PlanStore.constantTimeEqual(SecretHash.fast(token.secret), row.0) else { return nil }
        return row.1 != nil ? (row.1, nil) : (nil, row.2)
    }

    /// The tokens and calendar links, of `user` (or everyone's), or the one numbered `id`.
    public func tokens(user name: String?, id: Int64? = nil) throws -> [TokenInfo] {
        try read {
            if let name { _ = try account(named: name) }
            return try db.cachedStatement("""
                SELECT t.id, u.name, t.kind, g.code, t.read_only, t.expires_on, t.created_at, t.revoked_at
                FROM api_token t JOIN app_user u ON u.id = t.user_id LEFT JOIN work_group g ON g.id = t.group_id
                WHERE (?1 IS NULL OR u.name = ?1) AND (?2 IS NULL OR t.id = ?2) ORDER BY t.id
                """).map([.nullable(name), id.map { .integer($0) } ?? .null]) { row in
                TokenInfo(id: row.int64(0), user: row.string(1), kind: TokenInfo.Kind(rawValue: row.string(2)) ?? .api, group: row.optionalString(3),
                          readOnly: row.bool(4), expiresOn: row.optionalString(5).flatMap(Day.init),
                          createdAt: row.string(6), revokedAt: row.optionalString(7))
            }
        }
    }

    /// Revokes a token or a calendar link; with `owner`, only one of that user's, with `kind`
    /// only one of that kind (another's, or another kind, is as unknown as one that does not exist).
    /// An API token stays listed as revoked; a calendar link's row goes (nothing refers to it, and
    /// making and revoking links over and over then adds no rows).
    public func revokeToken(_ id: Int64, owner: String? = nil, kind: TokenInfo.Kind? = nil) throws -> ChangeOutcome {
        try write {
            guard let (revoked, found) = try db.cachedStatement("""
                SELECT t.revoked_at IS NOT NULL, t.kind FROM api_token t JOIN app_user u ON u.id = t.user_id
                WHERE t.id = ?1 AND (?2 IS NULL OR u.name = ?2) AND (?3 IS NULL OR t.kind = ?3)
                """).first([.integer(id), .nullable(owner), .nullable(kind?.rawValue)], { ($0.bool(0), $0.string(1)) }) else {
                throw PlanError.unknownToken(id)
            }
            if revoked { return .unchanged("token \(id) is revoked already; nothing changed") }
            if found == TokenInfo.Kind.calendar.rawValue {
                try db.cachedStatement("DELETE FROM api_token WHERE id = ?1 AND kind = 'calendar'").execute([.integer(id)])
            } else {
                try db.cachedStatement("UPDATE api_token SET revoked_at = ?2 WHERE id = ?1").execute([.integer(id), .text(Timestamp.now())])
            }
            return .changed
        }
    }

    /// Who `token` acts as on `today`, or nil: unknown, revoked, expired, a disabled user, or
    /// the wrong secret. A token's secret is 256 random bits, so its stored hash is a fast one,
    /// its SHA-256 compared in constant time. A token made before mawp kept them so has a bcrypt
    /// hash: checked with bcrypt, then `rehash` is the SHA-256 to store in its place
    /// (``rehashToken(_:to:)``), so that it costs bcrypt once. With `slowChecks: false` such a
    /// token is not checked but answered ``SlowTokenCheck`` (thrown): a caller that looks
    /// tokens up where a bcrypt check would hold others up checks it elsewhere.
    public func authenticate(token: APIToken, today: Day = .today(), slowChecks: Bool = true) throws -> (Authenticated, rehash: String?)? {
        guard token.kind == .api else { return nil }
        let row = try read {
            try db.cachedStatement("""
                SELECT t.secret_hash, t.read_only, u.name FROM api_token t JOIN app_user u ON u.id = t.user_id
                WHERE t.id = ?1 AND t.kind = 'api' AND t.revoked_at IS NULL AND (t.expires_on IS NULL OR t.expires_on > ?2) AND u.disabled_at IS NULL
                """).first([.integer(token.id), .text(today.description)]) { ($0.string(0), $0.bool(1), $0.string(2)) }
        }
        guard let row else { return nil }
        let rehash: String?
        if PlanStore.isSlowHash(row.0) {
            guard slowChecks else { throw SlowTokenCheck() }
            guard SecretHash.verify(token.secret, hash: row.0) else { return nil }
            rehash = SecretHash.fast(token.secret)
        } else {
            guard PlanStore.constantTimeEqual(SecretHash.fast(token.secret), row.0) else { return nil }
            rehash = nil
        }
        return (Authenticated(account: try account(named: row.2), readOnly: row.1, tokenID: token.id), rehash)
    }

    /// ``authenticate(token:today:slowChecks:)`` without slow checks met a token with a bcrypt hash.
    public struct SlowTokenCheck: Error {}

    /// Replaces a token's bcrypt hash by `new`, the SHA-256 of the same secret (as
    /// ``authenticate(token:today:)`` gives it); nothing when it has that already.
    public func rehashToken(_ id: Int64, to new: String) throws {
        try write {
            try db.cachedStatement("UPDATE api_token SET secret_hash = ?2 WHERE id = ?1 AND secret_hash LIKE '$2%'")
                .execute([.integer(id), .text(new)])
        }
    }

    /// Whether a stored hash is bcrypt's ("$2b$12$…"), not a fast one (64 hex digits).
    static func isSlowHash(_ hash: String) -> Bool { hash.hasPrefix("$2") }

    /// Whether two strings are equal, in a time that depends on their length only.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether `account` is still allowed in (not disabled); a session checks on every request.
    public func isActive(_ name: String) throws -> Bool {
        try read { try db.scalarInt("SELECT 1 FROM app_user WHERE name = ?1 AND disabled_at IS NULL", [.text(name)]) != nil }
    }

    // MARK: - Permissions

    /// Runs `body` (a change) in one transaction after checking that `who` may do `action`:
    /// the check and the change see the same plan. Refused: ``PlanError/notAllowed(_:_:)``.
    public func authorized<T>(_ who: Authenticated, _ action: Action, _ body: () throws -> T) throws -> T {
        try write {
            try check(who, may: action)
            return try body()
        }
    }

    /// Refuses (``PlanError/notAllowed(_:_:)``) unless `who` may do `action`: for a step
    /// before a change, such as the page that asks to confirm it.
    public func check(_ who: Authenticated, may action: Action) throws {
        guard try may(who, action) else { throw PlanError.notAllowed(who.account.name, action.description) }
    }

    /// DESIGN §8: an admin may do everything; an editor bound to agency A may add an activity
    /// led by A or to a group A leads, and change an activity (and its milestones, indicators
    /// and progress updates) that A leads, partners in, or whose group A leads; review the
    /// updates of an activity whose group A leads (§10); a viewer or a read-only token reads only.
    public func may(_ who: Authenticated, _ action: Action) throws -> Bool {
        if who.readOnly || who.account.isDisabled { return false }
        switch (who.account.role, action) {
        case (.admin, _): return true
        case (.viewer, _), (.editor, .administer), (.editor, .manageAccounts): return false
        case (.editor, .addActivity(let group, let lead)):
            if lead == who.account.agency { return true }
            return try db.scalarInt("""
                SELECT 1 FROM group_lead l JOIN work_group g ON g.id = l.group_id JOIN agency a ON a.id = l.agency_id
                WHERE g.code = ?1 AND a.code = ?2
                """, [.text(group), .text(who.account.agency)]) != nil
        case (.editor, .reviewUpdate(let ref)):
            return try reviewableGroups(who)?.contains(try activityRow(ref).groupID) ?? true
        case (.editor, .changeActivity(let ref)):
            // The activity as it stands (its latest version), and its group's leads.
            let activity = try activityRow(ref)
            return try db.scalarInt("""
                SELECT 1 FROM agency x WHERE x.code = ?2 AND (
                    EXISTS (SELECT 1 FROM activity_version v WHERE v.activity_id = ?1 AND v.valid_until IS NULL AND v.lead_agency_id = x.id)
                    OR EXISTS (SELECT 1 FROM activity_version v JOIN version_partner p ON p.version_id = v.id
                               WHERE v.activity_id = ?1 AND v.valid_until IS NULL AND p.agency_id = x.id)
                    OR EXISTS (SELECT 1 FROM group_lead l WHERE l.group_id = ?3 AND l.agency_id = x.id))
                """, [.integer(activity.id), .text(who.account.agency), .integer(activity.groupID)]) != nil
        }
    }

    /// The groups whose updates `who` may review (§10: their co-chairs' or co-conveners'
    /// editors), by id; nil for every group (an admin). The rule of ``may(_:_:)`` for
    /// ``Action/reviewUpdate(_:)``, said here once so that a list of updates to review asks it
    /// once, not once per update.
    func reviewableGroups(_ who: Authenticated) throws -> Set<Int64>? {
        if who.readOnly || who.account.isDisabled { return [] }
        switch who.account.role {
        case .admin: return nil
        case .viewer: return []
        case .editor:
            return Set(try db.cachedStatement("SELECT l.group_id FROM group_lead l JOIN agency x ON x.id = l.agency_id WHERE x.code = ?1")
                .map([.text(who.account.agency)]) { $0.int64(0) })
        }
    }

    // MARK: - Helpers

    /// An account's columns, as ``account(_:)`` reads them, over `app_user u` and `agency a`.
    static let accountColumns = "u.id, u.name, a.code, u.role, u.disabled_at IS NOT NULL, u.password_hash IS NOT NULL, u.created_at, u.email, u.reminders"
    static let accountSQL = "SELECT \(accountColumns) FROM app_user u JOIN agency a ON a.id = u.agency_id"

    static func account(_ row: Statement) -> Account {
        Account(id: row.int64(0), name: row.string(1), agency: row.string(2), role: Role(rawValue: row.string(3)) ?? .viewer,
                isDisabled: row.bool(4), hasPassword: row.bool(5), createdAt: row.string(6), email: row.optionalString(7),
                reminders: ReminderSetting(rawValue: row.string(8)) ?? .weekly)
    }

    static func checkPassword(_ password: String) throws {
        guard passwordBytes.contains(password.utf8.count) else { throw PlanError.unsuitablePassword(passwordBytes) }
    }

    /// `bytes` random bytes (the system's generator: getrandom) as lower-case hex.
    public static func randomSecret(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A bcrypt hash of nothing anyone knows, checked when there is no real one so that every
    /// refusal costs the same.
    static let decoyHash = SecretHash.hash(randomSecret(bytes: 16), cost: bcryptCost)
}
