/// One schema migration: SQL that runs once, in its own transaction, and is recorded with a
/// checksum of its text so that a later change to a shipped migration is detected.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Migration.checksum(of: sql)
    }

    /// FNV-1a (64-bit) of the text with CRLF line ends read as LF, in hex: a checkout that
    /// converts line ends must not make the binary refuse its own databases.
    public static func checksum(of sql: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // Over the UTF-8 bytes in place: every command checks every migration's text as it
        // opens the file, and iterating the string's view a byte at a time cost about ten
        // times as much (1.3 million instructions of `mawp report`'s 26 at eleven migrations).
        var text = sql
        text.withUTF8 { bytes in
            var previousWasCR = false
            for byte in bytes {
                if previousWasCR && byte != 0x0A {
                    hash = (hash ^ 0x0D) &* 0x0000_0100_0000_01B3
                }
                previousWasCR = byte == 0x0D
                if !previousWasCR { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            }
            if previousWasCR { hash = (hash ^ 0x0D) &* 0x0000_0100_0000_01B3 }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Why a database file was refused. The file is left exactly as it was.
public enum MigrationError: Error, Equatable, Sendable {
    /// The file is a SQLite database of another application (its `application_id` differs,
    /// or it has tables but no application id).
    case foreignDatabase(applicationID: Int32)
    /// The file was written by a newer program: its schema version is above every known migration.
    case newerSchema(found: Int, known: Int)
    /// An applied migration's recorded checksum differs from the text this program carries.
    case changedMigration(version: Int, name: String)
    /// The file records a migration this program does not have.
    case unknownMigration(version: Int, name: String)
    /// The file claims to be ours but its migration record is missing or unreadable.
    case missingHistory
    /// A migration left rows that break a foreign key.
    case foreignKeyViolation(version: Int, table: String)
}

/// Applies ``Migration``s in order and checks that a file is one it may touch.
///
/// The file's `application_id` marks it as ours and its `user_version` holds the schema
/// version (the highest applied migration); `schema_migration` records each migration's
/// version, name, checksum and time. Each migration runs in its own `IMMEDIATE` transaction
/// together with its record, with foreign-key enforcement off so that a migration may rebuild a
/// table that others refer to (SQLite's own procedure for schema changes), and every foreign key
/// is checked before it commits.
public struct Migrator: Sendable {
    public enum Status: Equatable, Sendable {
        /// A new, empty SQLite file (no tables, no application id).
        case empty
        case upToDate
        /// Migrations that the file has not had yet, in order.
        case pending([Int])
    }

    public let applicationID: Int32
    public let migrations: [Migration]

    public init(applicationID: Int32, migrations: [Migration]) {
        self.applicationID = applicationID
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The schema version after every migration has run.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Reads the file's header and migration record, without writing anything.
    /// Throws ``MigrationError`` when the file must be refused, ``SQLiteError`` (`.notADatabase`)
    /// when it is not a SQLite database at all.
    public func status(of db: Connection) throws -> Status {
        let applicationID = try db.scalarInt("PRAGMA application_id") ?? 0
        let userVersion = try db.scalarInt("PRAGMA user_version") ?? 0
        if applicationID == 0 {
            let objects = try db.scalarInt("SELECT count(*) FROM sqlite_schema") ?? 0
            if objects == 0 && userVersion == 0 { return .empty }
            throw MigrationError.foreignDatabase(applicationID: Int32(truncatingIfNeeded: applicationID))
        }
        guard applicationID == Int(self.applicationID) else {
            throw MigrationError.foreignDatabase(applicationID: Int32(truncatingIfNeeded: applicationID))
        }
        guard userVersion <= latestVersion else {
            throw MigrationError.newerSchema(found: userVersion, known: latestVersion)
        }
        let recorded: [(version: Int, name: String, checksum: String)]
        do {
            recorded = try db.prepare("SELECT version, name, checksum FROM schema_migration ORDER BY version")
                .map { ($0.int(0), $0.string(1), $0.string(2)) }
        } catch let error as SQLiteError where error.code == .error {
            throw MigrationError.missingHistory
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in recorded {
            guard let migration = known[record.version] else {
                if record.version > latestVersion {
                    throw MigrationError.newerSchema(found: record.version, known: latestVersion)
                }
                throw MigrationError.unknownMigration(version: record.version, name: record.name)
            }
            guard migration.checksum == record.checksum else {
                throw MigrationError.changedMigration(version: record.version, name: record.name)
            }
        }
        let applied = Set(recorded.map(\.version))
        let pending = migrations.map(\.version).filter { !applied.contains($0) }
        return pending.isEmpty ? .upToDate : .pending(pending)
    }

    /// Applies every pending migration, each in its own transaction, and returns those applied.
    /// Safe against a concurrent migrator: each transaction checks again what is applied.
    @discardableResult
    public func migrate(_ db: Connection) throws -> [Migration] {
        // A no-op inside a transaction, so set around them; `foreign_key_check` below stands in.
        try db.execute("PRAGMA foreign_keys = OFF")
        defer { try? db.execute("PRAGMA foreign_keys = ON") }
        var applied: [Migration] = []
        for migration in migrations {
            let ran = try db.writeTransaction { () throws -> Bool in
                let status = try status(of: db)
                switch status {
                case .upToDate:
                    return false
                case .pending(let versions) where !versions.contains(migration.version):
                    return false
                case .empty:
                    try db.execute("""
                        PRAGMA application_id = \(applicationID);
                        CREATE TABLE schema_migration (
                            version INTEGER PRIMARY KEY,
                            name TEXT NOT NULL,
                            checksum TEXT NOT NULL,
                            applied_at TEXT NOT NULL
                        ) STRICT
                        """)
                case .pending:
                    break
                }
                try db.execute(migration.sql)
                try db.prepare("""
                    INSERT INTO schema_migration (version, name, checksum, applied_at)
                    VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """).execute([.int(migration.version), .text(migration.name), .text(migration.checksum)])
                try db.execute("PRAGMA user_version = \(migration.version)")
                if let violation = try db.prepare("PRAGMA foreign_key_check").first([], { $0.string(0) }) {
                    throw MigrationError.foreignKeyViolation(version: migration.version, table: violation)
                }
                return true
            }
            if ran { applied.append(migration) }
        }
        return applied
    }
}
