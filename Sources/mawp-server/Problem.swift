import Hummingbird
import Logging
import NIOCore
import SQLite
import WorkPlan

/// What a client is told when a request fails (RFC 9457 `application/problem+json`): the
/// status, its title, and what is wrong with which value; never a file path, SQL or a stack.
struct Problem: HTTPResponseError {
    let status: HTTPResponse.Status
    let detail: String
    /// `Retry-After` (seconds), for 429 and 503.
    var retryAfter: Int?
    /// A field of the request the problem is about (`"due"`), when there is one.
    var field: String?
    /// `Allow`, for 405.
    var allow: String?

    init(_ status: HTTPResponse.Status, _ detail: String, retryAfter: Int? = nil, field: String? = nil) {
        self.status = status
        self.detail = detail
        self.retryAfter = retryAfter
        self.field = field
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var members: [JSON.Member] = [
            .init("type", .string("about:blank")), .init("title", .string(status.reasonPhrase)),
            .init("status", .int(status.code)), .init("detail", .string(detail)),
        ]
        if let field { members.append(.init("field", .string(field))) }
        var headers: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"mawp\"" }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: JSON.object(members).serialized(pretty: true) + "\n")))
    }

    /// The one place where what the library refuses becomes a status (DESIGN §8).
    static func from(_ error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as PlanError:
            return Problem(status(of: error), error.description, field: error.field)
        case let error as SQLiteError:
            switch error.code {
            case .busy, .locked:
                return Problem(.serviceUnavailable, "the plan is busy with another change; try again", retryAfter: 1)
            case .constraint:
                return Problem(.conflict, "the change breaks a rule of the plan; nothing was changed")
            default:
                logger.error("database error", metadata: ["code": "\(error.code)"])
                return Problem(.internalServerError, "the server could not complete the request; nothing was changed")
            }
        case let error as HTTPError:
            return Problem(error.status, error.body ?? error.status.reasonPhrase)
        default:
            logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            return Problem(.internalServerError, "the server could not complete the request; nothing was changed")
        }
    }

    static func status(of error: PlanError) -> HTTPResponse.Status {
        switch error {
        case .unknownActivity, .unknownMilestone, .unknownIndicator, .unknownUser, .unknownToken, .unknownChairTerm:
            return .notFound
        case .unknownGroup, .unknownAgency, .unknownAgendaPoint, .unknownPoint, .unknownFramework, .notAMember,
             .invalidDateRange, .invalidBaselineYear, .invalidIndicatorValue, .futureMoment, .unknownMoment, .invalidUserName, .expiryNotAhead,
             .unsuitablePassword, .invalidNumber, .numberOutOfRange, .dateOutOfRange, .controlCharacter:
            return .unprocessableContent
        case .duplicateFramework, .duplicatePoint, .duplicateAgency, .duplicateGroup, .duplicateBaseline, .duplicateUser,
             .activityCancelled, .milestoneDropped, .chairOverlap, .planNotEmpty:
            return .conflict
        case .notAllowed, .userDisabled:
            return .forbidden
        case .wrongCredentials:
            return .unauthorized
        }
    }
}

/// Turns every failure into a problem document, and logs what the client does not see.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // No route: 405 with Allow when the path is a route's with other methods.
            let methods = API.methods(forPath: request.uri.path)
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
