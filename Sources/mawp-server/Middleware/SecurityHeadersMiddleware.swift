import HTTPTypes
import Hummingbird

/// Headers every answer carries: nothing is framed, sniffed or cached by a shared cache.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    /// The headers HTTPTypes has no name for, with their values.
    static let fixed: [(HTTPField.Name, String)] = [("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")]
        .compactMap { name, value in HTTPField.Name(name).map { ($0, value) } }

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in Self.fixed { response.headers[name] = value }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        }
        return response
    }
}
