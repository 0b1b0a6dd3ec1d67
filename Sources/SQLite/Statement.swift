import CSQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A prepared statement. It owns its `sqlite3_stmt` and finalizes it in `deinit`.
///
/// A statement is tied to its connection and is not `Sendable`. Prepare it once, then
/// `reset()`, bind and step it as often as needed. See <https://www.sqlite.org/c3ref/stmt.html>.
///
/// It keeps its connection's `sqlite3` handle, not the ``Connection``: the connection caches
/// its statements, and a reference back would be a cycle that never closes the file. SQLite's
/// `sqlite3_close_v2` keeps the handle alive until its last statement is finalized, so a
/// statement that outlives its ``Connection`` object stays valid.
public final class Statement {
    let handle: OpaquePointer
    /// The connection's handle, for error messages.
    let database: OpaquePointer
    /// The SQL text of this statement.
    public let sql: String
    /// The result columns' names, read on the first read by name.
    private var columnNames: [String]?
    /// The column after the last one read by name: the likeliest next.
    private var nextColumn = 0

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, db: connection.handle, sql: sql)
        }
        self.handle = statement
        self.database = connection.handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: - Binding

    /// The number of parameters the statement takes.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// Binds `value` to the 1-based parameter `index`. Throws ``SQLiteError`` (`.range` for a bad index).
    public func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    public func bind(_ value: Int, at index: Int32) throws {
        try bind(Int64(value), at: index)
    }

    public func bind(_ value: Double, at index: Int32) throws {
        try check(sqlite3_bind_double(handle, index, value))
    }

    public func bind(_ value: Bool, at index: Int32) throws {
        try bind(Int64(value ? 1 : 0), at: index)
    }

    public func bind(_ value: String, at index: Int32) throws {
        var value = value
        // The byte count is passed explicitly, so text with NUL characters is kept whole.
        let code = value.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, mawp_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), mawp_sqlite_transient())
            }
        }
        try check(code)
    }

    public func bind(_ value: Data, at index: Int32) throws {
        let code = value.withUnsafeBytes { buffer in
            // A zero-length blob is still a blob, not NULL.
            sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), mawp_sqlite_transient())
        }
        try check(code)
    }

    public func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Binds any ``SQLiteValue`` (NULL included).
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        switch value {
        case .null: try bindNull(at: index)
        case .integer(let v): try bind(v, at: index)
        case .real(let v): try bind(v, at: index)
        case .text(let v): try bind(v, at: index)
        case .blob(let v): try bind(v, at: index)
        }
    }

    /// Binds values to parameters 1, 2, … in order; `nil` binds NULL.
    public func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Resets the statement so that it can be stepped again. Bindings are kept.
    public func reset() {
        // sqlite3_reset returns the error of the last step, which was already reported.
        sqlite3_reset(handle)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    // MARK: - Stepping

    /// Steps once. Returns `true` when a row is ready, `false` when the statement is done.
    /// Throws ``SQLiteError`` and resets the statement on failure.
    @discardableResult
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let code:
            let error = SQLiteError(code: code, db: database, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets, binds `values` and steps to the end, for statements that return no rows.
    public func execute(_ values: [SQLiteValue] = []) throws {
        reset()
        try bind(values)
        while try step() {}
    }

    /// Resets, binds `values` and calls `body` for every row.
    public func forEachRow(_ values: [SQLiteValue] = [], _ body: (Statement) throws -> Void) throws {
        reset()
        try bind(values)
        defer { reset() }
        while try step() {
            try body(self)
        }
    }

    /// Resets, binds `values` and maps every row with `transform`.
    public func map<T>(_ values: [SQLiteValue] = [], _ transform: (Statement) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEachRow(values) { result.append(try transform($0)) }
        return result
    }

    /// Resets, binds `values` and maps the first row, if any.
    public func first<T>(_ values: [SQLiteValue] = [], _ transform: (Statement) throws -> T) throws -> T? {
        reset()
        try bind(values)
        defer { reset() }
        return try step() ? try transform(self) : nil
    }

    // MARK: - Reading columns of the current row

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    public func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    public func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    public func int(_ index: Int32) -> Int {
        Int(sqlite3_column_int64(handle, index))
    }

    public func double(_ index: Int32) -> Double {
        sqlite3_column_double(handle, index)
    }

    public func bool(_ index: Int32) -> Bool {
        sqlite3_column_int64(handle, index) != 0
    }

    /// The column as text; `""` for NULL (use ``optionalString(_:)`` to tell them apart).
    public func string(_ index: Int32) -> String {
        optionalString(index) ?? ""
    }

    public func optionalString(_ index: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func optionalInt(_ index: Int32) -> Int? {
        isNull(index) ? nil : int(index)
    }

    public func data(_ index: Int32) -> Data? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// The column as a ``SQLiteValue``, keeping its storage class.
    public func value(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(int64(index))
        case SQLITE_FLOAT: return .real(double(index))
        case SQLITE_TEXT: return .text(string(index))
        case SQLITE_BLOB: return .blob(data(index) ?? Data())
        default: return .null
        }
    }

    // MARK: - Reading columns by name

    /// The index of the result column called `name` (its `AS` alias, else the name SQLite gives
    /// it), or nil when there is none; the first of the same name wins. The names are read once
    /// per statement. See <https://www.sqlite.org/c3ref/column_name.html>.
    ///
    /// Rows are read by name cell by cell, so this runs for every cell of every row: a row's
    /// cells are mostly read in the same order each time, so the column after the last one
    /// found is tried first, then the names are searched in order; a name is never hashed (a
    /// dictionary's SipHash of the name cost `mawp slippage` about 5 of its 105 million
    /// instructions on 1k milestones; BENCHMARKS.md, "CLI start-up").
    public func columnIndex(named name: String) -> Int32? {
        let names: [String]
        if let known = columnNames {
            names = known
        } else {
            // The first of two columns of one name wins: the second is never matched.
            var seen = Set<String>()
            names = (0..<columnCount).map { index in
                let name = columnName(index)
                return seen.insert(name).inserted ? name : ""
            }
            columnNames = names
        }
        guard !name.isEmpty, !names.isEmpty else { return nil }
        if nextColumn >= names.count { nextColumn = 0 }
        let found = names[nextColumn] == name ? nextColumn : names.firstIndex(of: name)
        guard let found else { return nil }
        nextColumn = found + 1
        return Int32(found)
    }

    /// The index of the column `name`. A name the statement does not have is a mistake in the
    /// caller's SQL: it stops a debug build, and reads as NULL otherwise.
    private func index(_ name: String) -> Int32 {
        let index = columnIndex(named: name)
        assert(index != nil, "no column named \(name) in \(sql)")
        return index ?? -1
    }

    public func isNull(_ name: String) -> Bool { isNull(index(name)) }
    public func int64(_ name: String) -> Int64 { int64(index(name)) }
    public func int(_ name: String) -> Int { int(index(name)) }
    public func double(_ name: String) -> Double { double(index(name)) }
    public func bool(_ name: String) -> Bool { bool(index(name)) }
    /// The column as text; `""` for NULL (`optionalString` tells them apart).
    public func string(_ name: String) -> String { string(index(name)) }
    public func optionalString(_ name: String) -> String? { optionalString(index(name)) }
    public func optionalInt(_ name: String) -> Int? { optionalInt(index(name)) }
    /// The column as a ``SQLiteValue``, keeping its storage class.
    public func value(_ name: String) -> SQLiteValue { value(index(name)) }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, db: database, sql: sql)
        }
    }
}

/// A value of one of SQLite's storage classes.
public enum SQLiteValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

extension SQLiteValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLiteValue {
    /// `.text(value)`, or `.null` when `value` is nil.
    public static func nullable(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// `.integer(value)`, or `.null` when `value` is nil.
    public static func nullable(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
    /// `.integer(value)` from a Swift `Int`.
    public static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
}
