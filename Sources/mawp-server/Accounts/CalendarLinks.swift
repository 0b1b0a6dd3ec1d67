import Hummingbird
import WorkPlan

/// Calendar links (DESIGN §11): made by a signed-in user for themselves, through the
/// `/calendar` page or the API; fetched by calendar programs, which cannot sign in, at
/// `/calendar/mawpcal_ID_SECRET.ics`. Only the SHA-256 of a link's secret is kept: the secret is
/// 256 random bits, so a fast hash is as safe as a slow one, and a calendar program fetches
/// every few minutes.
enum CalendarLinks {
    /// Makes a link for `who`, of `group` or (nil) of their agency's activities.
    static func make(_ plan: PlanService, for who: Authenticated, group: String?) async throws -> (TokenInfo, token: String) {
        let name = who.account.name
        return try await plan.write { store in try store.createCalendarLink(user: name, group: group) }
    }

    /// The link's path on this server.
    static func path(_ token: String) -> String { "/calendar/\(token).ics" }

    /// The link's full address, from the request's `Host` (when it is a plain host name or
    /// address with a port), else its path alone.
    static func address(_ token: String, request: Request, secure: Bool) -> String {
        guard let host = request.head.authority, !host.isEmpty, host.utf8.count <= 255,
              host.utf8.allSatisfy({ byte in
                  (byte >= 48 && byte <= 58) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || [45, 46, 91, 93].contains(byte)
              }) else { return path(token) }
        return (secure ? "https://" : "http://") + host + path(token)
    }

    /// The link a feed's `file` ("mawpcal_ID_SECRET.ics") names, when it has that form.
    static func token(file: String) -> APIToken? {
        guard file.hasSuffix(".ics") else { return nil }
        return APIToken(String(file.dropLast(4)), kind: .calendar)
    }
}
