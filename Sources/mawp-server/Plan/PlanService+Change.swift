import WorkPlan

extension PlanService {
    /// Runs a change as `who`, after the plan's permission check for `action` in the same
    /// transaction (WorkPlan's rule: nobody's change slips between), on the writer.
    func change<T: Sendable>(_ who: Authenticated, _ action: Action,
                             _ body: @escaping @Sendable (PlanStore, PlanStore.Author) throws -> T) async throws -> T {
        let author = PlanStore.Author(name: who.account.name)
        return try await write { store in try store.authorized(who, action) { try body(store, author) } }
    }

    /// Reads from the plan as recorded at `moment` (or as it is).
    static func recorded(_ store: PlanStore, _ moment: RecordedTime?) throws -> PlanStore {
        try moment.map { try store.asRecorded(at: $0) } ?? store
    }
}
