import Foundation
import Testing
@testable import SQLite

/// A fresh database file in its own temporary folder, removed when the test ends.
final class TemporaryDatabase {
    let folder: URL
    let path: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("test.sqlite").path
    }

    func open(_ mode: Connection.OpenMode = .readWriteCreate, busyTimeout: Int32 = 5_000) throws -> Connection {
        try Connection(path: path, mode: mode, busyTimeout: busyTimeout)
    }

    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

@Suite struct ConnectionTests {
    /// How many of this process's open file descriptors are on files in `folder` (other tests
    /// run in parallel in the same process: only this test's files count).
    static func openFiles(in folder: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { fd in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd)) ?? ""
            return target.hasPrefix(folder.path)
        }.count
    }

    @Test func aConnectionWithCachedStatementsClosesItsFileWhenDropped() throws {
        let database = try TemporaryDatabase()
        try database.open().execute("CREATE TABLE t (x INTEGER)")
        let before = try Self.openFiles(in: database.folder)
        for index in 0..<200 {
            let connection = try database.open()
            try connection.cachedStatement("INSERT INTO t (x) VALUES (?1)").execute([.int(index)])
            #expect(try connection.scalarInt("SELECT count(*) FROM t") == index + 1)
        }
        #expect(try Self.openFiles(in: database.folder) == before, "a connection per request must not leak its file")
        // A statement may outlive its Connection object; the file closes when it goes.
        var statement: Statement? = try database.open().prepare("SELECT count(*) FROM t")
        #expect(try statement?.first([]) { $0.int(0) } == 200)
        #expect(try Self.openFiles(in: database.folder) == before + 1, "the statement keeps the file open")
        statement = nil
        #expect(try Self.openFiles(in: database.folder) == before, "and it closes when the statement goes")
    }

    @Test func everyBoundTypeRoundTrips() throws {
        let file = try TemporaryDatabase()
        let db = try file.open()
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)")
        let insert = try db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
        let texts = ["", "Migración y desarrollo — 移民", "emoji 👩🏽‍💼 and RTL مهاجر", "nul\u{0}inside", "'); DROP TABLE t;--"]
        let integers: [Int64] = [0, 1, -1, Int64.max, Int64.min]
        for (index, text) in texts.enumerated() {
            try insert.execute([.integer(integers[index]), .real(Double(index) / 3), .text(text),
                                .blob(Data(text.utf8)), .null])
        }
        try insert.execute([.integer(7), .real(-0.5), .text("x"), .blob(Data()), .null])

        let rows = try db.prepare("SELECT i, r, s, b, n FROM t ORDER BY rowid").map { row in
            (row.int64(0), row.double(1), row.optionalString(2), row.data(3), row.value(4))
        }
        #expect(rows.count == texts.count + 1)
        for (index, text) in texts.enumerated() {
            #expect(rows[index].0 == integers[index])
            #expect(rows[index].1 == Double(index) / 3)
            #expect(rows[index].2 == text)
            #expect(rows[index].3 == Data(text.utf8))
            #expect(rows[index].4 == .null)
        }
        // An empty string is text, not NULL; an empty blob is a blob, not NULL.
        #expect(try db.scalarInt("SELECT typeof(s) = 'text' FROM t WHERE i = 0") == 1)
        #expect(try db.scalarInt("SELECT typeof(b) = 'blob' FROM t WHERE i = 7") == 1)
        #expect(rows.last?.3 == Data())
    }

    @Test func nullsReadBackAsNil() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        let row = try db.prepare("SELECT NULL, NULL, NULL").first { ($0.optionalString(0), $0.data(1), $0.optionalInt(2)) }
        #expect(row?.0 == nil)
        #expect(row?.1 == nil)
        #expect(row?.2 == nil)
    }

    @Test func columnsReadByNameAreTheColumnsOfThatName() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (id INTEGER, title TEXT)")
        try db.execute("INSERT INTO t VALUES (7, 'Concept note')")
        let query = try db.prepare("SELECT t.title, t.id, NULL AS done, 2.5 AS share, 1 AS kept, 'other' AS title FROM t")
        let row = try query.first { row in
            (row.string("title"), row.int64("id"), row.int("id"), row.optionalString("done"), row.optionalInt("done"),
             row.isNull("done"), row.double("share"), row.bool("kept"), row.value("id"))
        }
        #expect(row?.0 == "Concept note", "the first column of a name wins")
        #expect(row?.1 == 7 && row?.2 == 7)
        #expect(row?.3 == nil && row?.4 == nil && row?.5 == true)
        #expect(row?.6 == 2.5 && row?.7 == true && row?.8 == .integer(7))
        #expect(query.columnIndex(named: "id") == 1)
        #expect(query.columnIndex(named: "share") == 3)
        #expect(query.columnIndex(named: "missing") == nil)
    }

    @Test func aStatementIsResetAndReusedWithNewBindings() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (v INTEGER)")
        let insert = try db.cachedStatement("INSERT INTO t VALUES (?1)")
        for value in 1...100 { try insert.execute([.int(value)]) }
        #expect(try db.cachedStatement("INSERT INTO t VALUES (?1)") === insert)
        #expect(try db.scalarInt("SELECT sum(v) FROM t") == 5050)
        let query = try db.prepare("SELECT v FROM t WHERE v > ?1 ORDER BY v")
        #expect(try query.map([.int(97)]) { $0.int(0) } == [98, 99, 100])
        #expect(try query.map([.int(98)]) { $0.int(0) } == [99, 100])
    }

    @Test func aSyntaxErrorKeepsCodeMessageAndSQL() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        let sql = "SELEC 1"
        let error = try #require(throws: SQLiteError.self) { try db.prepare(sql) }
        #expect(error.code == .error)
        #expect(error.message.contains("syntax error"))
        #expect(error.sql == sql)
    }

    @Test func aConstraintErrorKeepsTheExtendedCode() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (v TEXT UNIQUE)")
        try db.prepare("INSERT INTO t VALUES ('a')").execute()
        let insert = "INSERT INTO t VALUES ('a')"
        let error = try #require(throws: SQLiteError.self) { try db.prepare(insert).execute() }
        #expect(error.code == .constraint)
        #expect(error.extendedCode == .constraintUnique)
        #expect(error.message.contains("UNIQUE constraint failed"))
        #expect(error.sql == insert)
    }

    @Test func foreignKeysAreEnforced() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p (id))")
        let error = try #require(throws: SQLiteError.self) { try db.prepare("INSERT INTO c VALUES (42)").execute() }
        #expect(error.extendedCode == .constraintForeignKey)
    }

    @Test func executeNamesTheFailingStatementOfSeveral() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        let error = try #require(throws: SQLiteError.self) {
            try db.execute("CREATE TABLE a (x); INSERT INTO nowhere VALUES (1); CREATE TABLE b (y)")
        }
        #expect(error.sql == "INSERT INTO nowhere VALUES (1);")
        #expect(error.message.contains("no such table"))
    }

    @Test func aThrownErrorInsideAWriteRollsEverythingBack() throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (v INTEGER)")
        #expect(throws: Boom.self) {
            try db.writeTransaction {
                try db.prepare("INSERT INTO t VALUES (1)").execute()
                try db.prepare("INSERT INTO t VALUES (2)").execute()
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
    }

    @Test func aFailingStatementInsideAWriteRollsBackItsEarlierStatements() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (v INTEGER NOT NULL)")
        #expect(throws: SQLiteError.self) {
            try db.writeTransaction {
                try db.prepare("INSERT INTO t VALUES (1)").execute()
                try db.prepare("INSERT INTO t VALUES (NULL)").execute()
            }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 0)
    }

    @Test func aSavepointUndoesOnlyItsOwnWork() throws {
        struct Boom: Error {}
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.writeTransaction {
            try db.prepare("INSERT INTO t VALUES (1)").execute()
            try? db.savepoint {
                try db.prepare("INSERT INTO t VALUES (2)").execute()
                try db.savepoint { try db.prepare("INSERT INTO t VALUES (3)").execute() }
                throw Boom()
            }
            try db.savepoint { try db.prepare("INSERT INTO t VALUES (4)").execute() }
        }
        #expect(try db.prepare("SELECT v FROM t ORDER BY v").map { $0.int(0) } == [1, 4])
    }

    @Test func aWriterWaitsForTheBusyTimeoutThenFailsBusy() throws {
        let file = try TemporaryDatabase()
        let holder = try file.open()
        try holder.execute("CREATE TABLE t (v INTEGER)")
        try holder.execute("BEGIN IMMEDIATE")
        let other = try file.open(.readWrite, busyTimeout: 100)
        let error = try #require(throws: SQLiteError.self) {
            try other.writeTransaction { try other.prepare("INSERT INTO t VALUES (1)").execute() }
        }
        #expect(error.code == .busy)
        // A reader is not blocked by a writer that has not started committing.
        #expect(try other.scalarInt("SELECT count(*) FROM t") == 0)
        try holder.execute("ROLLBACK")
    }

    @Test func openingAMissingFileWithoutCreateFails() throws {
        let file = try TemporaryDatabase()
        let error = try #require(throws: SQLiteError.self) { try file.open(.readWrite) }
        #expect(error.code == .cantOpen)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func everyConnectionHasTheStoragePragmas() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try db.scalarInt("PRAGMA synchronous") == 3) // EXTRA
        #expect(try db.scalarInt("PRAGMA busy_timeout") == 5_000)
    }

    @Test func defensiveModeForbidsWritingTheSchemaTable() throws {
        let file = try TemporaryDatabase()
        defer { withExtendedLifetime(file) {} }
        let db = try file.open()
        try db.execute("CREATE TABLE t (v)")
        #expect(throws: SQLiteError.self) {
            try db.execute("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'x' WHERE name = 't'")
        }
    }
}
