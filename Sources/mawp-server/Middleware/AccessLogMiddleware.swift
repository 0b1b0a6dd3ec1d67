import Hummingbird
import Logging

/// One line per request through swift-log: method, path (no query: it may name people),
/// status, time taken and who asked. Never a header, a cookie or a token.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let logger: Logger

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method) \(request.uri.path) \(response.status.code)", metadata: [
            "ms": "\((milliseconds * 10).rounded() / 10)", "client": "\(context.clientAddress)",
        ])
        return response
    }
}
