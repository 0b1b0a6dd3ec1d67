import SQLite

#if canImport(Glibc)
import Glibc
#endif

extension PlanStore {
    /// Writes a consistent copy of the plan to `path`: `VACUUM INTO` a temporary file beside it
    /// (owner-only), `PRAGMA integrity_check` on the copy, then a rename into place. An existing
    /// `path` is never overwritten unless `force`. Works while other processes write: the copy is
    /// one read transaction's snapshot.
    public func backup(to path: String, force: Bool) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw StorageError.isDirectory(path: path)
            }
            if !force {
                throw StorageError.targetExists(path: path)
            }
        }
        let temporary = "\(path).tmp-\(getpid())"
        let fd = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StorageError.cannotCreate(path: temporary, reason: String(cString: strerror(errno)))
        }
        fchmod(fd, 0o600)
        close(fd)
        do {
            try db.prepare("VACUUM INTO ?1").execute([.text(temporary)])
            let copy = try Connection(path: temporary, mode: .readOnly)
            let verdict = try copy.prepare("PRAGMA integrity_check").map { $0.string(0) }
            guard verdict == ["ok"] else {
                throw StorageError.copyDamaged(findings: Array(verdict.prefix(3)))
            }
            guard rename(temporary, path) == 0 else {
                throw StorageError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary)
            throw BackupFailure(path: temporary, error: StorageError(error, path: temporary) ?? error)
        }
    }
}

/// A backup that failed while writing its copy: the error, and the copy's path it concerns
/// (each front end tells it in its own words).
public struct BackupFailure: Error {
    public let path: String
    public let error: any Error
}
