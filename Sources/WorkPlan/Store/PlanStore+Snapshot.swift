/// Reads that see one consistent state of the plan, however many queries they make.
extension PlanStore {
    /// Runs `body` in one read transaction: the version and what is read with it agree.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        try read(body)
    }

    /// Runs `body` in one consistent read snapshot (the transaction already open, if any).
    func read<T>(_ body: () throws -> T) throws -> T {
        db.isInTransaction ? try body() : try translatingErrors { try db.readTransaction(body) }
    }
}
