import SQLite

/// Versions of what was recorded: the plan's (for caches) and an activity's (for HTTP `ETag`).
extension PlanStore {
    /// An activity's version tag (its HTTP `ETag`): it changes with every change recorded to the
    /// activity, its milestones or its indicators.
    public func activityTag(_ ref: ActivityRef) throws -> String {
        try read {
            let row = try activityRow(ref)
            // Its progress updates have tags of their own.
            let last = try db.scalarInt("SELECT max(id) FROM event WHERE activity_id = ?1 AND period_id IS NULL", [.integer(row.id)]) ?? 0
            return "\"\(ref)-\(last)\""
        }
    }

    /// The entity tag of `ref`'s update for a period: it changes with every step of the update.
    public func updateTag(_ ref: ActivityRef, period code: String) throws -> String {
        try read {
            let update = try storedUpdate(ref, activityID: try activityRow(ref).id, period: try periodRow(code))
            return "\"\(ref)-\(code)-\(update.changes)\""
        }
    }

    /// The plan's version: it grows with every change recorded (each appends an event), from
    /// this process or any other, so what is computed from the plan may be kept under it.
    public func version() throws -> Int64 {
        try read { Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM event") ?? 0) }
    }
}
