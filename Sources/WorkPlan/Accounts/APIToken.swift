/// An API token as a client sends it, `mawp_ID_SECRET`: the token's row id and 32 random
/// bytes as lower-case hex. Parsed here only.
public struct APIToken: Hashable, Sendable {
    public let id: Int64
    public let secret: String

    init(id: Int64, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Nil for anything that is not a token's form.
    public init?(_ text: String) {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "mawp", let id = Int64(parts[1]), parts[2].utf8.count == 64,
              parts[2].utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        self.init(id: id, secret: String(parts[2]))
    }

    /// The token as it is given to its user, once.
    public var text: String { "mawp_\(id)_\(secret)" }
}
