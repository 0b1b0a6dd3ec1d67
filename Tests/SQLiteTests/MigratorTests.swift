import Foundation
import Testing
@testable import SQLite

@Suite struct MigratorTests {
    static let appID: Int32 = 0x7465_7374
    let first = Migration(version: 1, name: "first", sql: "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL);")
    let second = Migration(version: 2, name: "second", sql: "CREATE TABLE b (a INTEGER REFERENCES a (id)); INSERT INTO a (v) VALUES ('x');")

    var migrator: Migrator { Migrator(applicationID: Self.appID, migrations: [second, first]) }

    @Test func aFreshFileGetsEveryMigrationInOrder() throws {
        let file = try TemporaryDatabase()
        let db = try file.open()
        #expect(try migrator.status(of: db) == .empty)
        let applied = try migrator.migrate(db)
        #expect(applied.map(\.version) == [1, 2])
        #expect(try migrator.status(of: db) == .upToDate)
        #expect(try db.scalarInt("PRAGMA application_id") == Int(Self.appID))
        #expect(try db.scalarInt("PRAGMA user_version") == 2)
        let recorded = try db.prepare("SELECT version, name, checksum FROM schema_migration ORDER BY version")
            .map { "\($0.int(0)) \($0.string(1)) \($0.string(2))" }
        #expect(recorded == ["1 first \(first.checksum)", "2 second \(second.checksum)"])
        #expect(try db.scalarInt("SELECT count(*) FROM a") == 1)
    }

    @Test func runningAgainIsANoOpAndLeavesTheFileAsItWas() throws {
        let file = try TemporaryDatabase()
        try migrator.migrate(try file.open())
        let before = try file.bytes()
        let applied = try migrator.migrate(try file.open())
        #expect(applied.isEmpty)
        #expect(try file.bytes() == before)
    }

    @Test func onlyPendingMigrationsRunOnAnOlderFile() throws {
        let file = try TemporaryDatabase()
        try Migrator(applicationID: Self.appID, migrations: [first]).migrate(try file.open())
        let db = try file.open()
        #expect(try migrator.status(of: db) == .pending([2]))
        #expect(try migrator.migrate(db).map(\.version) == [2])
        #expect(try db.scalarInt("PRAGMA user_version") == 2)
    }

    @Test func aNewerSchemaIsRefusedAndTheFileLeftUntouched() throws {
        let file = try TemporaryDatabase()
        try migrator.migrate(try file.open())
        try file.open().execute("PRAGMA user_version = 9")
        let before = try file.bytes()
        #expect(throws: MigrationError.newerSchema(found: 9, known: 2)) { try migrator.migrate(try file.open()) }
        #expect(try file.bytes() == before)
    }

    @Test func aChangedMigrationIsRefusedAndTheFileLeftUntouched() throws {
        let file = try TemporaryDatabase()
        try migrator.migrate(try file.open())
        let before = try file.bytes()
        let edited = Migration(version: 1, name: "first", sql: first.sql + " -- edited")
        let changed = Migrator(applicationID: Self.appID, migrations: [edited, second])
        #expect(throws: MigrationError.changedMigration(version: 1, name: "first")) { try changed.migrate(try file.open()) }
        #expect(try file.bytes() == before)
    }

    @Test func aForeignSQLiteFileIsRefusedAndLeftUntouched() throws {
        let file = try TemporaryDatabase()
        try file.open().execute("CREATE TABLE someone_elses (x)")
        let before = try file.bytes()
        #expect(throws: MigrationError.foreignDatabase(applicationID: 0)) { try migrator.migrate(try file.open()) }
        #expect(try file.bytes() == before)
    }

    @Test func anotherApplicationsIdIsRefusedAndLeftUntouched() throws {
        let file = try TemporaryDatabase()
        try file.open().execute("PRAGMA application_id = 1234")
        let before = try file.bytes()
        #expect(throws: MigrationError.foreignDatabase(applicationID: 1234)) { try migrator.migrate(try file.open()) }
        #expect(try file.bytes() == before)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let file = try TemporaryDatabase()
        let text = Data(String(repeating: "not a database, just some text\n", count: 200).utf8)
        try text.write(to: URL(fileURLWithPath: file.path))
        let error = try #require(throws: SQLiteError.self) { try migrator.migrate(try file.open(.readWrite)) }
        #expect(error.code == .notADatabase)
        #expect(try file.bytes() == text)
    }

    @Test func aFailingMigrationLeavesNoPartOfItBehind() throws {
        let file = try TemporaryDatabase()
        let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE b (x); INSERT INTO nowhere VALUES (1);")
        let db = try file.open()
        #expect(throws: SQLiteError.self) { try Migrator(applicationID: Self.appID, migrations: [first, broken]).migrate(db) }
        #expect(try db.scalarInt("PRAGMA user_version") == 1)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'b'") == 0)
        #expect(try db.scalarInt("SELECT count(*) FROM schema_migration") == 1)
    }

    @Test func aMigrationThatBreaksAForeignKeyIsRolledBack() throws {
        let file = try TemporaryDatabase()
        let dangling = Migration(version: 2, name: "dangling",
                                 sql: "CREATE TABLE b (a INTEGER REFERENCES a (id)); PRAGMA defer_foreign_keys = ON; INSERT INTO b VALUES (99);")
        let db = try file.open()
        #expect(throws: MigrationError.foreignKeyViolation(version: 2, table: "b")) {
            try Migrator(applicationID: Self.appID, migrations: [first, dangling]).migrate(db)
        }
        #expect(try db.scalarInt("PRAGMA user_version") == 1)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'b'") == 0)
    }

    @Test func checksumsReadCRLFAsLF() {
        #expect(Migration.checksum(of: "a\r\nb\r\n") == Migration.checksum(of: "a\nb\n"))
        #expect(Migration.checksum(of: "a\rb") != Migration.checksum(of: "ab"))
        #expect(Migration.checksum(of: "x") != Migration.checksum(of: "y"))
        #expect(Migration.checksum(of: "").count == 16)
    }
}
