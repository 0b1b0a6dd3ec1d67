/// The result of a change that may already be in place (marking a done milestone done).
public enum ChangeOutcome: Equatable, Sendable {
    case changed
    /// Nothing was written; the reason says why.
    case unchanged(String)
}
