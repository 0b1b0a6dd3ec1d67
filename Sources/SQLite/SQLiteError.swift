import CSQLite

/// A SQLite result code. The primary code is the low byte of an extended code.
///
/// Callers match on the named constants (`.busy`, `.constraintUnique`), never on raw numbers.
/// See <https://www.sqlite.org/rescode.html>.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary result code (the extended code's low byte).
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    public var description: String {
        let text = sqlite3_errstr(rawValue).map { String(cString: $0) } ?? "unknown error"
        return "\(text) (code \(rawValue))"
    }

    public static let ok = ResultCode(rawValue: SQLITE_OK)
    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let permission = ResultCode(rawValue: SQLITE_PERM)
    public static let abort = ResultCode(rawValue: SQLITE_ABORT)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    public static let authorization = ResultCode(rawValue: SQLITE_AUTH)

    public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
    public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
    public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
    public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
    public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
}

/// An error reported by SQLite, with everything needed to understand it:
/// the extended result code, SQLite's own message and the SQL that failed.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code (equal to the primary code when SQLite has no extended one).
    public let extendedCode: ResultCode
    /// SQLite's message (`sqlite3_errmsg`), or the generic text of the code.
    public let message: String
    /// The SQL being prepared or run, when there was one.
    public let sql: String?

    /// The primary result code, for matching broad classes (`.busy`, `.constraint`).
    public var code: ResultCode { extendedCode.primary }

    public init(extendedCode: ResultCode, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "SQLite error \(extendedCode.rawValue): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}

extension SQLiteError {
    /// Builds the error for `code` from the connection's last message.
    init(code: Int32, db: OpaquePointer?, sql: String?) {
        let extended = db.map { sqlite3_extended_errcode($0) } ?? code
        // Use the connection's extended code only when it belongs to the same failure.
        let effective = (extended & 0xFF) == (code & 0xFF) ? extended : code
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else {
            message = sqlite3_errstr(code).map { String(cString: $0) } ?? "unknown error"
        }
        self.init(extendedCode: ResultCode(rawValue: effective), message: message, sql: sql)
    }
}
