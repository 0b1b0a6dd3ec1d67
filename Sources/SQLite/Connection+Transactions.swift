import CSQLite

extension Connection {
    /// Runs `body` in a write transaction that begins `IMMEDIATE`, so the write lock is taken
    /// up front and a busy database is reported before any work is done.
    ///
    /// Commits when `body` returns; rolls back when it throws, and rethrows that first error.
    /// Throws ``SQLiteError`` `.busy` when the lock stays held past the busy timeout.
    /// Must not be called inside another transaction: use ``savepoint(_:)`` to nest.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        return try finishTransaction(body)
    }

    /// Runs `body` in a read transaction (`BEGIN DEFERRED`), so that several queries see
    /// one consistent snapshot of the file.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        return try finishTransaction(body)
    }

    private func finishTransaction<T>(_ body: () throws -> T) throws -> T {
        let result: T
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            // A failed COMMIT (busy readers past the timeout, I/O) leaves the transaction
            // open, and some errors have already rolled it back: roll back only if still open.
            if isInTransaction {
                try? execute("ROLLBACK")
            }
            // After an I/O error (a full disk) SQLite may have rolled back only in memory and left
            // its journal for the next reader to play back: read once now, so that the file is
            // restored before this process ends rather than at the next open.
            _ = try? scalarInt("SELECT count(*) FROM sqlite_schema")
            throw error
        }
        return result
    }

    /// Runs `body` inside a savepoint: its changes are kept when it returns and undone when it
    /// throws, without ending an enclosing transaction. Savepoints nest.
    /// See <https://www.sqlite.org/lang_savepoint.html>.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        let name = "mawp_sp\(savepointDepth)"
        defer { savepointDepth -= 1 }
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            if isInTransaction {
                try? execute("ROLLBACK TO \(name); RELEASE \(name)")
            }
            throw error
        }
    }
}
