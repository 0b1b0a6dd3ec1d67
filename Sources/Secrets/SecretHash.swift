import HummingbirdBcrypt

/// Hashes for secrets: slow salted ones for what people choose or type (passwords, one-time
/// set-up codes): bcrypt, through hummingbird-auth's `HummingbirdBcrypt`, which is the OpenBSD C
/// code and nothing of Hummingbird or NIO, the one place that dependency enters the library and
/// the CLI; and SHA-256 (``fast(_:)``) for random secrets of 256 bits (tokens).
public enum SecretHash {
    /// A bcrypt hash of `secret` with a random salt, at `cost` (log2 of the rounds).
    public static func hash(_ secret: String, cost: UInt8) -> String {
        Bcrypt.hash(secret, cost: cost)
    }

    /// Whether `secret` is the one `hash` was made from.
    public static func verify(_ secret: String, hash: String) -> Bool {
        Bcrypt.verify(secret, hash: hash)
    }
}
