import SQLite
import WorkPlan

extension MawpError {
    /// Translates a storage failure into what the command line tells the user (with hints
    /// that name mawp's commands), keeping ``MawpError``s as they are.
    init(_ error: any Error, path: String) {
        switch error {
        case let error as MawpError:
            self = error
        case let failure as BackupFailure:
            self = MawpError(failure.error, path: failure.path)
        case let error as MigrationError:
            self = MawpError(migration: error, path: path)
        case let error as SQLiteError:
            self = MawpError(sqlite: error, path: path)
        default:
            self = MawpError(.io, "\(path): \(error)")
        }
    }

    init(migration error: MigrationError, path: String) {
        switch error {
        case .foreignDatabase(let id):
            let owner = id == 0 ? "it has tables of its own" : "its application id is \(id), not mawp's"
            self.init(.data, "\(path) is not a mawp database (\(owner))",
                      hint: "mawp leaves it untouched; give the path of a mawp database, or make one with mawp init --db NEWPATH")
        case .newerSchema(let found, let known):
            self.init(.data, "\(path) has schema version \(found), newer than this mawp knows (\(known))",
                      hint: "use a newer mawp; the file was left untouched")
        case .changedMigration(let version, let name):
            self.init(.data, "\(path) was made with a different migration \(version) (\(name)) than this mawp carries",
                      hint: "the file was left untouched; use the mawp that made it")
        case .unknownMigration(let version, let name):
            self.init(.data, "\(path) records migration \(version) (\(name)), which this mawp does not have",
                      hint: "the file was left untouched; use the mawp that made it")
        case .missingHistory:
            self.init(.data, "\(path) claims to be a mawp database but has no migration record",
                      hint: "the file may be damaged; restore it from a backup")
        case .foreignKeyViolation(let version, let table):
            self.init(.data, "migration \(version) left broken references in \(table); nothing was changed")
        }
    }

    init(sqlite error: SQLiteError, path: String) {
        switch error.code {
        case .busy, .locked:
            self.init(.busy, "the database \(path) is busy: another process kept it locked past the timeout",
                      hint: "nothing was changed; try again (MAWP_BUSY_TIMEOUT sets the wait in milliseconds)")
        case .readOnly:
            self.init(.permission, "the database \(path) is read-only: \(error.message)",
                      hint: "nothing was changed; check the permissions of the file and its folder")
        case .permission, .authorization:
            self.init(.permission, "permission denied on \(path): \(error.message)")
        case .full:
            self.init(.io, "the disk is full: cannot write to \(path)",
                      hint: "nothing was changed; free some space and run the command again")
        case .ioError:
            self.init(.io, "I/O error on \(path): \(error.message)", hint: "nothing was changed")
        case .notADatabase:
            self.init(.data, "\(path) is not a mawp database (not a SQLite file)",
                      hint: "mawp leaves it untouched; give the path of a mawp database")
        case .corrupt:
            self.init(.data, "the database \(path) is damaged: \(error.message)",
                      hint: "mawp check --db \(shellQuoted(path)) lists what is wrong; restore it from a backup")
        case .interrupt:
            self.init(.interrupted, "interrupted", hint: "nothing was changed")
        case .cantOpen:
            self.init(.cannotCreate, "cannot open \(path): \(error.message)")
        case .constraint:
            self.init(.data, "the change breaks a rule of the plan: \(error.message)",
                      hint: "nothing was changed; if this is unexpected, mawp check --db \(shellQuoted(path)) tells whether the file is damaged")
        default:
            self.init(.io, "database error on \(path): \(error.message)", hint: "nothing was changed")
        }
    }
}
