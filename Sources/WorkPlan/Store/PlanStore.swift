import SQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The repository: every read and write of the plan, each write one transaction together with
/// its event-log rows. Nothing above this type sees SQL.
public final class PlanStore {
    /// The file's `application_id`: "MAWP" in ASCII.
    public static let applicationID: Int32 = 0x4D41_5750

    /// The migrations carried by this binary (from `migrations/*.sql`).
    public static let migrator = Migrator(applicationID: applicationID, migrations: EmbeddedMigrations.all)

    /// How the database file is to be found or made.
    public enum OpenPolicy: Sendable {
        /// The file must exist already (`--db PATH`, `MAWP_DB`): exit 66 otherwise.
        case existing
        /// Create the file (and its folder, for the default location) when it does not exist.
        case createIfMissing(createFolders: Bool)
    }

    /// What opening did to the file.
    public enum OpenOutcome: Equatable, Sendable {
        case created
        case upgraded(from: Int, to: Int)
        case upToDate
    }

    let db: Connection
    public let path: String

    init(db: Connection, path: String) {
        self.db = db
        self.path = path
    }

    /// Opens the plan at `path`, applying pending migrations. Checks the file before anything is
    /// written: a missing file (with `.existing`), a foreign or newer file, or a changed migration
    /// is refused with a ``StorageError`` and the file is left as it was.
    public static func open(path: String, policy: OpenPolicy, busyTimeout: Int32 = 5_000) throws -> (PlanStore, OpenOutcome) {
        var created = false
        var info = stat()
        if stat(path, &info) != 0 {
            // A folder on the way that this user may not enter: the file may well be there.
            if errno == EACCES {
                throw StorageError.unreachable(path: path)
            }
            switch policy {
            case .existing:
                throw StorageError.noDatabase(path: path)
            case .createIfMissing(let createFolders):
                if createFolders { try makeFolders(for: path) }
                try createPrivateFile(path)
                created = true
            }
        } else if (info.st_mode & S_IFMT) == S_IFDIR {
            throw StorageError.isDirectory(path: path)
        } else if access(path, R_OK) != 0 {
            throw StorageError.unreadable(path: path)
        }
        do {
            let db = try Connection(path: path, mode: .readWrite, busyTimeout: busyTimeout)
            let store = PlanStore(db: db, path: path)
            let outcome = try store.prepareSchema(created: created, policy: policy)
            return (store, outcome)
        } catch {
            if created { unlink(path) }
            throw StorageError(error, path: path) ?? error
        }
    }

    /// Opens the plan at `path` read-only, as a server's readers do: the file must exist and
    /// be up to date (the server's writer, opened first, migrates it).
    public static func openForReading(path: String, busyTimeout: Int32 = 5_000, cacheKiB: Int? = nil) throws -> PlanStore {
        try StorageError.translating(path: path) {
            let db = try Connection(path: path, mode: .readOnly, busyTimeout: busyTimeout)
            if let cacheKiB { try db.execute("PRAGMA cache_size = -\(max(0, cacheKiB))") }
            guard case .upToDate = try migrator.status(of: db) else { throw StorageError.notUpToDate(path: path) }
            return PlanStore(db: db, path: path)
        }
    }

    private func prepareSchema(created: Bool, policy: OpenPolicy) throws -> OpenOutcome {
        let migrator = PlanStore.migrator
        let status = try migrator.status(of: db)
        switch status {
        case .upToDate:
            return .upToDate
        case .empty:
            if case .existing = policy {
                throw StorageError.emptyDatabase(path: path)
            }
            // Rollback journal (not WAL): see docs/architecture.md, "Storage".
            try db.execute("PRAGMA journal_mode = DELETE")
            try migrator.migrate(db)
            try compactAfterMigrating()
            return created ? .created : .upgraded(from: 0, to: migrator.latestVersion)
        case .pending:
            let from = try db.scalarInt("PRAGMA user_version") ?? 0
            try migrator.migrate(db)
            try compactAfterMigrating()
            return .upgraded(from: from, to: migrator.latestVersion)
        }
    }

    /// Rebuilds the file when migrations left free pages (a table rebuilt or dropped): SQLite
    /// does not journal a free page it reuses, so a change rolled back later would leave other
    /// bytes in it than before, and a refused change must leave the file byte for byte as it was.
    private func compactAfterMigrating() throws {
        if try db.scalarInt("PRAGMA freelist_count") ?? 0 > 0 {
            try db.execute("VACUUM")
        }
    }

    /// What stops this plan's running statement from another thread or a signal handler.
    public var interruptor: PlanInterruptor { PlanInterruptor(inner: db.interruptor) }

    /// The schema version of the open file.
    public func schemaVersion() throws -> Int {
        try translatingErrors { try db.scalarInt("PRAGMA user_version") ?? 0 }
    }

    // MARK: - Files

    private static func createPrivateFile(_ path: String) throws {
        // Owner-only from the start, whatever the umask; SQLite gives its journal the same mode.
        let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StorageError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        fchmod(fd, 0o600)
        close(fd)
    }

    private static func makeFolders(for path: String) throws {
        var folder = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            folder += (index == 0 ? "" : "/") + part
            guard !folder.isEmpty else { continue }
            var info = stat()
            if stat(folder, &info) == 0 { continue }
            if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                throw StorageError.cannotCreate(path: folder, reason: String(cString: strerror(errno)))
            }
        }
    }
}

/// Stops the plan's running statement (it fails, its transaction rolls back, and the call
/// throws ``StorageError/interrupted``); safe to call from a signal handler.
public struct PlanInterruptor: Sendable {
    let inner: Interruptor

    public func interrupt() {
        inner.interrupt()
    }
}
