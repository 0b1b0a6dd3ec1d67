import CSQLite

/// One connection to a SQLite database file. It owns the `sqlite3` handle and closes it in `deinit`.
///
/// Every connection is configured the same way (DESIGN §6): extended result codes, a busy
/// timeout, foreign keys on, `synchronous = EXTRA`, defensive mode, no extension loading.
/// A connection is not `Sendable`: use it from one thread. See <https://www.sqlite.org/c3ref/sqlite3.html>.
public final class Connection {
    /// How to open the file.
    public enum OpenMode: Sendable {
        /// Open an existing file for reading and writing (read-only if the file is not writable).
        case readWrite
        /// Open, creating the file when it does not exist.
        case readWriteCreate
        /// Open an existing file for reading only.
        case readOnly
    }

    let handle: OpaquePointer
    /// The path the connection was opened with.
    public let path: String
    private var statementCache: [String: Statement] = [:]
    var savepointDepth = 0

    /// Opens `path`. Throws ``SQLiteError`` (`.cantOpen` when the file does not exist and
    /// `mode` does not create it).
    ///
    /// - Parameter busyTimeout: how long a statement waits for another connection's lock,
    ///   in milliseconds, before failing with `.busy`.
    public init(path: String, mode: OpenMode = .readWrite, busyTimeout: Int32 = 5_000) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = SQLiteError(code: code, db: db, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeout)
        // Defensive mode forbids writes to the schema table and other ways to corrupt the file
        // from SQL; the others shut doors nothing here needs.
        var ignored: Int32 = 0
        _ = mawp_sqlite_db_config_bool(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &ignored)
        _ = mawp_sqlite_db_config_bool(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &ignored)
        _ = mawp_sqlite_db_config_bool(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &ignored)
        _ = mawp_sqlite_db_config_bool(db, SQLITE_DBCONFIG_DQS_DML, 0, &ignored)
        _ = mawp_sqlite_db_config_bool(db, SQLITE_DBCONFIG_DQS_DDL, 0, &ignored)
        // These pragmas read and write nothing in the file.
        try execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = EXTRA")
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    // MARK: - Statements

    /// Prepares a new statement. Throws ``SQLiteError`` for invalid SQL.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Returns a statement for `sql` prepared once per connection and reused after.
    /// The statement is reset before it is returned.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one or more `;`-separated statements that take no parameters.
    /// Rows are stepped through and dropped. Throws ``SQLiteError`` naming the failing statement.
    public func execute(_ sql: String) throws {
        var remaining = Substring(sql)
        while true {
            var tail: UnsafePointer<CChar>?
            var statement: OpaquePointer?
            let (code, consumed): (Int32, Int) = remaining.withCString { start in
                let code = sqlite3_prepare_v2(handle, start, -1, &statement, &tail)
                return (code, tail.map { start.distance(to: $0) } ?? 0)
            }
            let text = String(decoding: remaining.utf8.prefix(consumed), as: UTF8.self)
            guard code == SQLITE_OK else {
                throw SQLiteError(code: code, db: handle, sql: text.trimmingWhitespace())
            }
            remaining = Substring(remaining.utf8.dropFirst(consumed))
            guard let statement else { break } // only whitespace or comments were left
            defer { sqlite3_finalize(statement) }
            var step = sqlite3_step(statement)
            while step == SQLITE_ROW { step = sqlite3_step(statement) }
            guard step == SQLITE_DONE else {
                throw SQLiteError(code: step, db: handle, sql: text.trimmingWhitespace())
            }
        }
    }

    /// Runs `sql` with `values` bound and returns the first column of the first row as an integer.
    public func scalarInt(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int? {
        try cachedStatement(sql).first(values) { $0.isNull(0) ? nil : $0.int(0) } ?? nil
    }

    // MARK: - State

    /// The rowid of the last successful insert on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether the main database was opened read-only (or the file is not writable).
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// Whether a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Asks running statements to stop at the next opportunity (they fail with `.interrupt`).
    /// The one method that may be called from another thread or a signal handler's helper.
    public func interrupt() {
        sqlite3_interrupt(handle)
    }

    /// The version of the SQLite library in use, such as "3.40.1".
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

extension String {
    /// The text without leading and trailing white space (for the modules of this package).
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
