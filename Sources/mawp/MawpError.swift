/// A failure to report to the user: what went wrong, with which value, and a hint where one helps.
/// `kind` decides the exit status (DESIGN §5).
public struct MawpError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Malformed arguments (exit 64).
        case usage
        /// Unknown reference, duplicate code, not a mawp database, newer schema, corruption (65).
        case data
        /// A named input does not exist (66).
        case noInput
        /// The database or an output file cannot be created (73).
        case cannotCreate
        /// Disk full, write failure (74).
        case io
        /// The database stayed locked past the timeout (75).
        case busy
        /// Permission denied, read-only database for a write (77).
        case permission
        /// Stopped by the user (SIGINT, 130 as a shell reports it).
        case interrupted
    }

    public let kind: Kind
    public let message: String
    public let hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String {
        hint.map { "\(message)\n\($0)" } ?? message
    }
}
