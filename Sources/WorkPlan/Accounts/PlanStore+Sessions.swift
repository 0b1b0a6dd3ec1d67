import SQLite

/// Sessions of `mawp-server`'s pages, kept in the plan's file so that a restart signs nobody
/// out (DESIGN §8). The caller gives the hash of the session's id, never the id: the file holds
/// nothing that signs anyone in.
extension PlanStore {
    /// How many sessions one user may hold at once (browsers, devices); signing in again ends
    /// the oldest beyond it, so the table stays as small as the number of users.
    public static let sessionsPerUser = 10

    /// Starts a session for `user` (an active account) that ends after `lifetime` seconds.
    /// Expired sessions, of anyone, go in the same transaction.
    public func startSession(user name: String, idHash: String, csrf: String, lifetime: Int) throws {
        try write {
            guard let userID = try db.cachedStatement("SELECT id FROM app_user WHERE name = ?1 AND disabled_at IS NULL")
                .first([.text(name)], { $0.int64(0) }) else { throw PlanError.unknownUser(name) }
            try db.cachedStatement("DELETE FROM web_session WHERE expires_at <= \(PlanStore.nowSQL)").execute()
            try db.cachedStatement("""
                INSERT INTO web_session (id_hash, user_id, csrf, created_at, expires_at)
                VALUES (?1, ?2, ?3, \(PlanStore.nowSQL), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?4))
                """).execute([.text(idHash), .integer(userID), .text(csrf), .text("+\(max(1, lifetime)) seconds")])
            try db.cachedStatement("""
                DELETE FROM web_session WHERE user_id = ?1 AND id NOT IN
                    (SELECT id FROM web_session WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)
                """).execute([.integer(userID), .int(PlanStore.sessionsPerUser)])
        }
    }

    /// The live session whose id hashes to `idHash`, or nil: unknown, expired, ended, or its
    /// user disabled.
    public func session(idHash: String) throws -> WebSession? {
        try read {
            try db.cachedStatement("""
                SELECT \(PlanStore.accountColumns), s.csrf FROM web_session s JOIN app_user u ON u.id = s.user_id JOIN agency a ON a.id = u.agency_id
                WHERE s.id_hash = ?1 AND s.expires_at > \(PlanStore.nowSQL) AND u.disabled_at IS NULL
                """).first([.text(idHash)]) { WebSession(account: PlanStore.account($0), csrf: $0.string(9)) }
        }
    }

    /// Ends one session (sign-out); an unknown one is no error.
    public func endSession(idHash: String) throws {
        try write { try db.cachedStatement("DELETE FROM web_session WHERE id_hash = ?1").execute([.text(idHash)]) }
    }

    /// How many sessions are live (for the administrator's view and the tests).
    public func liveSessions(user name: String? = nil) throws -> Int {
        try read {
            try db.scalarInt("""
                SELECT count(*) FROM web_session s JOIN app_user u ON u.id = s.user_id
                WHERE s.expires_at > \(PlanStore.nowSQL) AND (?1 IS NULL OR u.name = ?1)
                """, [.nullable(name)]) ?? 0
        }
    }

    /// Ends every session and the set-up code of a user: their password changed, or they were
    /// disabled. Runs inside the caller's transaction.
    func endSessionsAndCodes(userID: Int64) throws {
        try db.cachedStatement("DELETE FROM web_session WHERE user_id = ?1").execute([.integer(userID)])
        try db.cachedStatement("UPDATE app_user SET setup_code_hash = NULL WHERE id = ?1").execute([.integer(userID)])
    }

    /// The current moment in SQL, in the form of ``Timestamp/now()``.
    static let nowSQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
}
