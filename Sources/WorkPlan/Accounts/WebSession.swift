/// A signed-in browser's session as a request finds it: the account (read afresh, so a
/// disabled user is refused at once) and the token its forms carry.
public struct WebSession: Sendable {
    public let account: Account
    public let csrf: String
}
