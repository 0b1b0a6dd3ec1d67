import CSQLite

extension Connection {
    /// Copies this database, page by page, into `destination` (which it replaces), as one
    /// consistent snapshot: a read lock is held for the whole copy.
    /// See <https://www.sqlite.org/backup.html>. Throws ``SQLiteError``.
    public func copy(to destination: Connection) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(destination.handle), db: destination.handle, sql: nil)
        }
        let stepped = sqlite3_backup_step(backup, -1)
        let finished = sqlite3_backup_finish(backup)
        guard stepped == SQLITE_DONE, finished == SQLITE_OK else {
            throw SQLiteError(code: stepped == SQLITE_DONE ? finished : stepped, db: destination.handle, sql: nil)
        }
    }
}
