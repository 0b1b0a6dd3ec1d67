import SQLite

/// What went wrong with the plan's file, as cases (STYLE: errors as cases, words at the edge).
/// WorkPlan throws these, never SQLite's or the migrator's errors, so that the front ends need
/// not import the SQLite layer: the command line phrases each case with its hint and exit
/// status, the server maps each to a status. Paths are the caller's to show or to hide.
public enum StorageError: Error, Equatable, Sendable {
    // MARK: Opening
    /// No file at the path (a path other than the default location must exist).
    case noDatabase(path: String)
    /// A folder on the path may not be entered.
    case unreachable(path: String)
    /// The path is a folder.
    case isDirectory(path: String)
    /// The file may not be read.
    case unreadable(path: String)
    /// The file is SQLite but empty: `mawp init` makes a plan of it.
    case emptyDatabase(path: String)
    /// The file is not SQLite at all.
    case notSQLite(path: String)
    /// Another application's SQLite file (its application id, or 0 with tables of its own).
    case foreignDatabase(path: String, applicationID: Int32)
    /// Written by a newer mawp.
    case newerSchema(path: String, found: Int, known: Int)
    /// A migration the file records differs from the one this mawp carries.
    case changedMigration(path: String, version: Int, name: String)
    /// The file records a migration this mawp does not have.
    case unknownMigration(path: String, version: Int, name: String)
    /// The file claims to be a plan but has no migration record.
    case missingHistory(path: String)
    /// A migration left broken references (nothing was changed).
    case migrationBrokeReferences(version: Int, table: String)
    /// A reader found the file not migrated (the writer migrates it first).
    case notUpToDate(path: String)
    /// The file or its folder cannot be made.
    case cannotCreate(path: String, reason: String)

    // MARK: Working
    /// Another process kept the file locked past the timeout; nothing was changed.
    case busy
    /// The file (or its folder, for the journal) may not be written.
    case readOnly(reason: String)
    /// The system refused access.
    case permissionDenied(reason: String)
    /// The disk (or the file-size limit) is full; nothing was changed.
    case diskFull
    /// A read or write failed.
    case ioError(reason: String)
    /// The file is damaged.
    case corrupt(reason: String)
    /// The work was interrupted (SIGINT, or the caller's request); nothing was changed.
    case interrupted
    /// The file cannot be opened.
    case cannotOpen(reason: String)
    /// A change broke a rule the schema enforces (nothing was changed).
    case constraint(reason: String)
    /// Anything else SQLite reports.
    case other(reason: String)

    // MARK: Copies and files
    /// A backup's target exists (and may not be replaced).
    case targetExists(path: String)
    /// A backup's copy failed its integrity check.
    case copyDamaged(findings: [String])
    /// A file to read (an import) could not be read.
    case readFailed(reason: String)

    /// The case for `error`: a ``StorageError`` as it is; SQLite's and the migrator's errors
    /// translated (`path`, the file they concern); nil for anything else.
    public init?(_ error: any Error, path: String) {
        switch error {
        case let error as StorageError: self = error
        case let error as SQLiteError: self = StorageError(sqlite: error, path: path)
        case let error as MigrationError: self = StorageError(migration: error, path: path)
        default: return nil
        }
    }

    init(sqlite error: SQLiteError, path: String) {
        switch error.code {
        case .busy, .locked: self = .busy
        case .readOnly: self = .readOnly(reason: error.message)
        case .permission, .authorization: self = .permissionDenied(reason: error.message)
        case .full: self = .diskFull
        case .ioError: self = .ioError(reason: error.message)
        case .notADatabase: self = .notSQLite(path: path)
        case .corrupt: self = .corrupt(reason: error.message)
        case .interrupt: self = .interrupted
        case .cantOpen: self = .cannotOpen(reason: error.message)
        case .constraint: self = .constraint(reason: error.message)
        default: self = .other(reason: error.message)
        }
    }

    init(migration error: MigrationError, path: String) {
        switch error {
        case .foreignDatabase(let id): self = .foreignDatabase(path: path, applicationID: id)
        case .newerSchema(let found, let known): self = .newerSchema(path: path, found: found, known: known)
        case .changedMigration(let version, let name): self = .changedMigration(path: path, version: version, name: name)
        case .unknownMigration(let version, let name): self = .unknownMigration(path: path, version: version, name: name)
        case .missingHistory: self = .missingHistory(path: path)
        case .foreignKeyViolation(let version, let table): self = .migrationBrokeReferences(version: version, table: table)
        }
    }
}

extension PlanStore {
    /// Runs `body`, throwing SQLite's and the migrator's errors as ``StorageError``s about this
    /// plan's file.
    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        try StorageError.translating(path: path, body)
    }
}

extension StorageError {
    static func translating<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StorageError(error, path: path) ?? error
        }
    }
}
