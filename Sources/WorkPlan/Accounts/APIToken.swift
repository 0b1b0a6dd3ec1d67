/// A token as a client sends it, `PREFIX_ID_SECRET`: the token's row id and 32 random bytes as
/// lower-case hex; the prefix says its kind (`mawp` for the API, `mawpcal` for a calendar link).
/// Parsed here only.
public struct APIToken: Hashable, Sendable {
    public let kind: TokenInfo.Kind
    public let id: Int64
    public let secret: String

    init(kind: TokenInfo.Kind, id: Int64, secret: String) {
        self.kind = kind
        self.id = id
        self.secret = secret
    }

    /// Nil for anything that is not a token's form, or of another kind than `kind`.
    public init?(_ text: String, kind: TokenInfo.Kind = .api) {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == APIToken.prefix(kind), let id = Int64(parts[1]), id > 0, parts[2].utf8.count == 64,
              parts[2].utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        self.init(kind: kind, id: id, secret: String(parts[2]))
    }

    static func prefix(_ kind: TokenInfo.Kind) -> Substring {
        switch kind {
        case .api: return "mawp"
        case .calendar: return "mawpcal"
        }
    }

    /// The token as it is given to its user, once.
    public var text: String { "\(APIToken.prefix(kind))_\(id)_\(secret)" }
}
