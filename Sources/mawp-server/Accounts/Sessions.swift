import Crypto
import Hummingbird
import Secrets
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// Signing in and out, for the API and the pages alike (DESIGN §8, §9).
///
/// - A signed-in browser holds a random 256-bit id in the `mawp_session` cookie; the plan's
///   file keeps only its SHA-256 (``PlanStore/startSession(user:idHash:csrf:lifetime:)``), so
///   sessions survive a restart and a copy of the file signs nobody in.
/// - A visitor holds no state on the server: the sign-in and password forms carry a token that
///   is an HMAC, under a key made when the server starts, of a random nonce in the visitor's
///   `mawp_visitor` cookie and the token's expiry. A form loaded before a restart is refused
///   (reload the page); one posted from another site lacks the cookie (SameSite=Lax).
struct Sessions: Sendable {
    let plan: PlanService
    let limiter: SignInLimiter
    /// Cookies carry `Secure` (served over TLS).
    let secure: Bool
    /// Signs visitors' form tokens.
    private let key = SymmetricKey(size: .bits256)

    /// A session lasts this long from sign-in.
    static let lifetime = 8 * 3600
    /// A visitor's form is good for this long.
    static let formLifetime = 3600
    static let sessionCookie = "mawp_session"
    static let visitorCookie = "mawp_visitor"

    init(plan: PlanService, limiter: SignInLimiter, secure: Bool) {
        self.plan = plan
        self.limiter = limiter
        self.secure = secure
    }

    /// Why a sign-in was refused.
    enum Refusal: Error {
        /// Too many failures for this user from this address, or from this address: wait this many seconds.
        case limited(Int)
        /// Unknown user, wrong password, disabled, or no password set: the caller cannot tell which.
        case wrong
    }

    /// Checks `password` (limited per user and address) and starts a session for the account:
    /// the account and the cookie that carries the new session's id. A new id every time: an id
    /// from before the sign-in is never reused.
    func signIn(user: String, password: String, address: String) async throws -> (Account, Cookie) {
        // A name no account can have is wrong at once (and never grows the limiter's table).
        guard Account.isValidName(user) else { throw Refusal.wrong }
        if let wait = limiter.attempt(user: user, address: address) { throw Refusal.limited(wait) }
        // bcrypt takes a quarter of a second by design: on a reader thread, not the event loop.
        guard let account = try await plan.read({ try $0.signIn(user: user, password: password) }) else { throw Refusal.wrong }
        limiter.succeeded(user: user, address: address)
        let id = PlanStore.randomSecret(bytes: 32)
        let (hash, csrf) = (Self.hash(id), PlanStore.randomSecret(bytes: 16))
        try await plan.write { try $0.startSession(user: account.name, idHash: hash, csrf: csrf, lifetime: Self.lifetime) }
        return (account, cookie(Self.sessionCookie, id, maxAge: Self.lifetime))
    }

    /// Sets `user`'s password with `proof` (the one-time set-up code or the current password),
    /// limited like a sign-in; every session of the user ends. Refused: ``Refusal``, or the
    /// plan's ``PlanError`` (an unsuitable password, a disabled user).
    func setPassword(user: String, proof: String, to password: String, address: String) async throws {
        guard Account.isValidName(user) else { throw Refusal.wrong }
        if let wait = limiter.attempt(user: user, address: address) { throw Refusal.limited(wait) }
        do {
            // bcrypt (the proof, then the new hash) on a reader; the writer only stores the result.
            let change = try await plan.read { try $0.preparePasswordChange(user: user, password: password, proof: proof) }
            try await plan.write { try $0.commitPasswordChange(change) }
        } catch PlanError.wrongCredentials {
            throw Refusal.wrong
        } catch {
            limiter.withdraw(user: user, address: address)
            throw error
        }
        limiter.succeeded(user: user, address: address)
    }

    /// Ends the session whose id hashes to `hash`, if any: the cookie that clears it in the browser.
    func signOut(_ hash: String?) async throws -> Cookie {
        if let hash { try await plan.write { try $0.endSession(idHash: hash) } }
        return cookie(Self.sessionCookie, "", maxAge: 0)
    }

    /// The live session a request's cookie names, or nil. A value that is not an id is not looked up.
    func session(_ request: Request) async throws -> (WebSession, hash: String)? {
        guard let id = request.cookies[Self.sessionCookie]?.value, Self.isSecret(id, bytes: 32) else { return nil }
        let hash = Self.hash(id)
        return try await plan.lookUp { try $0.session(idHash: hash) }.map { ($0, hash) }
    }

    // MARK: - Visitors' forms

    /// The token for a visitor's form, and the cookie to set when the visitor has none yet.
    func visitorToken(_ request: Request, now: Int = Sessions.now()) -> (token: String, cookie: Cookie?) {
        if let nonce = visitorNonce(request) { return (token(nonce: nonce, expires: now + Self.formLifetime), nil) }
        let nonce = PlanStore.randomSecret(bytes: 16)
        return (token(nonce: nonce, expires: now + Self.formLifetime), cookie(Self.visitorCookie, nonce, maxAge: nil))
    }

    /// Whether a visitor's form carries a token made for this browser, not yet expired.
    func visitorTokenMatches(_ token: String?, _ request: Request, now: Int = Sessions.now()) -> Bool {
        guard let token, let nonce = visitorNonce(request) else { return false }
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let expires = Int(parts[0]), expires > now, expires <= now + Self.formLifetime else { return false }
        return Self.constantTimeEqual(self.token(nonce: nonce, expires: expires), token)
    }

    private func visitorNonce(_ request: Request) -> String? {
        guard let nonce = request.cookies[Self.visitorCookie]?.value, Self.isSecret(nonce, bytes: 16) else { return nil }
        return nonce
    }

    private func token(nonce: String, expires: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(nonce).\(expires)".utf8), using: key)
        return "\(expires)." + Self.hex(Array(mac))
    }

    // MARK: - Helpers

    private func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// SHA-256 of a session id, as stored (lower-case hex): the id is 256 random bits, so a fast
    /// hash is as good as a slow one; the same one as tokens' (``SecretHash/fast(_:)``).
    static func hash(_ id: String) -> String { SecretHash.fast(id) }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex of `bytes` random bytes, as ``PlanStore/randomSecret(bytes:)`` makes.
    static func isSecret(_ text: String, bytes: Int) -> Bool {
        text.utf8.count == bytes * 2 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool { PlanStore.constantTimeEqual(a, b) }

    /// Seconds since the epoch (the tokens' clock).
    static func now() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int(spec.tv_sec)
    }
}
