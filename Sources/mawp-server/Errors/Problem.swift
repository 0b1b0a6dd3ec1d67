import Hummingbird
import Logging
import NIOCore
import Rendering
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
        if Self.wantsPage(request) { return page() }
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

    /// A browser asking for a page (not the API): it gets a page that says what is wrong and
    /// leads back, not a problem document.
    static func wantsPage(_ request: Request) -> Bool {
        guard !request.uri.path.hasPrefix("/api/"), let accept = request.headers[.accept] else { return false }
        return accept.lowercased().contains("text/html")
    }

    /// The problem as a page, with the same status and headers.
    func page() -> Response {
        let title: String
        switch status {
        case .notFound: title = "Page not found"
        case .methodNotAllowed: title = "Not a page"
        case .badRequest: title = "The request could not be read"
        case .contentTooLarge: title = "Too large"
        case .tooManyRequests: title = "Too many requests"
        case .serviceUnavailable: title = "Busy"
        default: title = status.reasonPhrase
        }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: WebPages.problem(title: title, detail: detail, user: nil, csrf: nil))))
    }

    /// The one place where what the library refuses becomes a status (DESIGN §8).
    static func from(_ error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as PlanError:
            return Problem(status(of: error), error.description, field: error.field)
        case let error as HTTPError:
            return Problem(error.status, error.body ?? error.status.reasonPhrase)
        default:
            if let storage = StorageError(error, path: "") { return from(storage, logger: logger) }
            logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            return Problem(.internalServerError, "the server could not complete the request; nothing was changed")
        }
    }

    /// What a client is told of a storage failure: never the file's path or SQLite's words,
    /// which go to the log.
    static func from(_ error: StorageError, logger: Logger) -> Problem {
        switch error {
        case .busy:
            return Problem(.serviceUnavailable, "the plan is busy with another change; try again", retryAfter: 1)
        case .interrupted:
            return Problem(.serviceUnavailable, "the request was interrupted; nothing was changed; try again", retryAfter: 1)
        case .constraint:
            return Problem(.conflict, "the change breaks a rule of the plan; nothing was changed")
        case .diskFull:
            logger.error("storage: the disk is full")
            return Problem(.init(code: 507, reasonPhrase: "Insufficient Storage"), "the server's disk is full; nothing was changed")
        case .readOnly, .permissionDenied, .cannotOpen, .cannotCreate, .unreachable, .unreadable:
            logger.error("storage: the plan cannot be written", metadata: ["case": "\(error)"])
            return Problem(.serviceUnavailable, "the plan cannot be changed right now (the server may not write its file); nothing was changed",
                           retryAfter: 60)
        case .corrupt, .ioError, .copyDamaged, .readFailed, .other:
            logger.error("storage: the plan's file failed", metadata: ["case": "\(error)"])
            return Problem(.internalServerError, "the server could not read or write the plan; nothing was changed")
        case .noDatabase, .isDirectory, .emptyDatabase, .notSQLite, .foreignDatabase, .newerSchema, .changedMigration,
             .unknownMigration, .missingHistory, .migrationBrokeReferences, .notUpToDate, .targetExists:
            logger.error("storage: the plan's file is not usable", metadata: ["case": "\(error)"])
            return Problem(.internalServerError, "the server's plan is not usable; nothing was changed")
        }
    }

    static func status(of error: PlanError) -> HTTPResponse.Status {
        switch error {
        case .unknownActivity, .unknownMilestone, .unknownIndicator, .unknownUser, .unknownToken, .unknownChairTerm, .unknownPeriod:
            return .notFound
        case .unknownGroup, .unknownAgency, .unknownAgendaPoint, .unknownPoint, .unknownFramework, .notAMember,
             .invalidDateRange, .invalidBaselineYear, .invalidIndicatorValue, .futureMoment, .unknownMoment, .invalidUserName, .expiryNotAhead,
             .unsuitablePassword, .nothingToPublish, .invalidNumber, .numberOutOfRange, .dateOutOfRange, .controlCharacter, .blankText, .malformed,
             .updateWithoutStatus:
            return .unprocessableContent
        case .duplicateFramework, .duplicatePoint, .duplicateAgency, .duplicateGroup, .duplicateBaseline, .duplicateUser,
             .activityCancelled, .milestoneDropped, .chairOverlap, .planNotEmpty, .lastActiveAdmin, .duplicatePeriod, .periodLocked,
             .updateState, .tooManyCalendarLinks:
            return .conflict
        case .notAllowed, .userDisabled, .ownSubmission:
            return .forbidden
        case .wrongCredentials:
            return .unauthorized
        }
    }
}
