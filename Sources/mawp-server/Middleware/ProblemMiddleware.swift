import Hummingbird
import NIOConcurrencyHelpers

/// The routes the router holds, as (method, path pattern), for the `Allow` header of a 405:
/// filled from the router itself once every route is added.
final class RouteTable: Sendable {
    private let routes = NIOLockedValueBox<[(method: String, path: String)]>([])

    func set(_ list: [(method: String, path: String)]) {
        routes.withLockedValue { $0 = list }
    }

    /// The methods of the routes whose pattern `path` matches (`{…}` is one segment).
    func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: [String] = []
        for (method, pattern) in routes.withLockedValue({ $0 }) {
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { continue }
            if zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }), !methods.contains(method) {
                methods.append(method)
            }
        }
        return methods
    }
}

/// Turns every failure into an answer: a problem document for scripts, a page for browsers
/// (``Problem/wantsPage(_:)``), a redirect to sign in for a page without a session; and logs
/// what the client does not see.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SignInFirst {
            return error.response
        } catch let error as PageProblem {
            return error.response
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // No route: 405 with Allow when the path is a route's with other methods.
            let methods = routes.methods(forPath: request.uri.path)
            if !methods.isEmpty {
                var problem = Problem(.methodNotAllowed, "\(request.method) is not allowed here; use \(methods.joined(separator: ", "))")
                problem.allow = methods.joined(separator: ", ")
                return try problem.response(from: request, context: context)
            }
            return try Problem(.notFound, "no such page or route: \(request.uri.path)").response(from: request, context: context)
        } catch {
            return try Problem.from(error, logger: context.logger).response(from: request, context: context)
        }
    }
}
