import Hummingbird
import Logging

/// One line per request through swift-log: method, path (no query: it may name people),
/// status, time taken and who asked. Never a header, a cookie or a token, nor a calendar
/// link's secret (its path is the credential: ``loggable(_:)``).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method) \(Self.loggable(request.uri.path)) \(response.status.code)", metadata: [
            "ms": "\((milliseconds * 10).rounded() / 10)", "client": "\(context.clientAddress)",
        ])
        return response
    }

    /// `path` as the log shows it: a calendar link's secret masked (`/calendar/mawpcal_12_….ics`).
    static func loggable(_ path: String) -> String {
        guard path.hasPrefix("/calendar/mawpcal_") else { return path }
        let parts = path.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].allSatisfy(\.isNumber), parts[1].count <= 19 else { return "/calendar/…" }
        return "\(parts[0])_\(parts[1])_….ics"
    }
}
