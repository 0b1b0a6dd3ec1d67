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
        default:
            if let storage = StorageError(error, path: path) {
                self = MawpError(storage: storage, path: path)
            } else {
                self = MawpError(.io, "\(path): \(error)")
            }
        }
    }

    /// The words, hint and exit status of each storage case (DESIGN §5).
    init(storage error: StorageError, path: String) {
        switch error {
        case .noDatabase(let path):
            self.init(.noInput, "no database at \(path)", hint: "create one with: mawp init --db \(shellQuoted(path))")
        case .unreachable(let path):
            self.init(.permission, "permission denied: cannot reach \(path) (a folder on its path may not be entered)")
        case .isDirectory(let path):
            self.init(.data, "\(path) is a directory, not a mawp database")
        case .unreadable(let path):
            self.init(.permission, "permission denied reading \(path)")
        case .emptyDatabase(let path):
            self.init(.data, "\(path) is an empty database, not a mawp database", hint: "initialise it with: mawp init --db \(shellQuoted(path))")
        case .notSQLite(let path):
            self.init(.data, "\(path) is not a mawp database (not a SQLite file)", hint: "mawp leaves it untouched; give the path of a mawp database")
        case .foreignDatabase(let path, let id):
            let owner = id == 0 ? "it has tables of its own" : "its application id is \(id), not mawp's"
            self.init(.data, "\(path) is not a mawp database (\(owner))",
                      hint: "mawp leaves it untouched; give the path of a mawp database, or make one with mawp init --db NEWPATH")
        case .newerSchema(let path, let found, let known):
            self.init(.data, "\(path) has schema version \(found), newer than this mawp knows (\(known))",
                      hint: "use a newer mawp; the file was left untouched")
        case .changedMigration(let path, let version, let name):
            self.init(.data, "\(path) was made with a different migration \(version) (\(name)) than this mawp carries",
                      hint: "the file was left untouched; use the mawp that made it")
        case .unknownMigration(let path, let version, let name):
            self.init(.data, "\(path) records migration \(version) (\(name)), which this mawp does not have",
                      hint: "the file was left untouched; use the mawp that made it")
        case .missingHistory(let path):
            self.init(.data, "\(path) claims to be a mawp database but has no migration record",
                      hint: "the file may be damaged; restore it from a backup")
        case .migrationBrokeReferences(let version, let table):
            self.init(.data, "migration \(version) left broken references in \(table); nothing was changed")
        case .notUpToDate(let path):
            self.init(.data, "\(path) is not an up-to-date mawp database", hint: "open it once with mawp to bring it up to date")
        case .cannotCreate(let target, let reason):
            self.init(.cannotCreate, target == path ? "cannot create the database \(target): \(reason)" : "cannot create \(target): \(reason)")
        case .busy:
            self.init(.busy, "the database \(path) is busy: another process kept it locked past the timeout",
                      hint: "nothing was changed; try again (MAWP_BUSY_TIMEOUT sets the wait in milliseconds)")
        case .readOnly(let reason):
            self.init(.permission, "the database \(path) is read-only: \(reason)",
                      hint: "nothing was changed; check the permissions of the file and its folder")
        case .permissionDenied(let reason):
            self.init(.permission, "permission denied on \(path): \(reason)")
        case .diskFull:
            self.init(.io, "the disk is full: cannot write to \(path)", hint: "nothing was changed; free some space and run the command again")
        case .ioError(let reason):
            self.init(.io, "I/O error on \(path): \(reason)", hint: "nothing was changed")
        case .corrupt(let reason):
            self.init(.data, "the database \(path) is damaged: \(reason)",
                      hint: "mawp check --db \(shellQuoted(path)) lists what is wrong; restore it from a backup")
        case .interrupted:
            self.init(.interrupted, "interrupted", hint: "nothing was changed")
        case .cannotOpen(let reason):
            self.init(.cannotCreate, "cannot open \(path): \(reason)")
        case .constraint(let reason):
            self.init(.data, "the change breaks a rule of the plan: \(reason)",
                      hint: "nothing was changed; if this is unexpected, mawp check --db \(shellQuoted(path)) tells whether the file is damaged")
        case .other(let reason):
            self.init(.io, "database error on \(path): \(reason)", hint: "nothing was changed")
        case .targetExists(let target):
            self.init(.cannotCreate, "\(target) exists already", hint: "give another name, or --force to replace it")
        case .copyDamaged(let findings):
            self.init(.data, "the copy failed its integrity check: \(findings.joined(separator: "; "))")
        case .readFailed(let reason):
            self.init(.io, "cannot read the import file: \(reason)")
        }
    }
}

/// Quotes `text` for a shell when it needs it, for hints that show a command to paste.
func shellQuoted(_ text: String) -> String {
    let plain = text.utf8.allSatisfy { byte in
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "/._-+:=,@".utf8.contains(byte)
    }
    if plain && !text.isEmpty { return text }
    var quoted = "'"
    for character in text {
        if character == "'" { quoted += "'\\''" } else { quoted.append(character) }
    }
    return quoted + "'"
}
