import Hummingbird
import Logging
import WorkPlan

/// The server's routes, grouped by who may call them (DESIGN §8, §9). Each group's context says
/// it once (``ServerContext`` and its narrowings); each controller adds its named handlers to
/// the group it is given:
///
/// | group | who | controllers |
/// | --- | --- | --- |
/// | anyone | everyone | ``HealthController``, ``SessionController`` (sign in, out, password), ``SignInController``'s visitor pages, ``CalendarController``'s feeds (the link is the credential) |
/// | `api/v1`, ``ReaderContext`` | a user or a token (anyone with `--public-read`) | ``PlanReadController``, ``PeriodReadController`` |
/// | `api/v1`, ``SignedInContext`` | a user or a token | ``SessionController`` (who am I) |
/// | `api/v1`, ``WriterContext`` | a user, not a read-only token; WorkPlan checks what they may change | ``PlanChangeController``, ``ReferenceDataController``, ``UpdateChangeController``, ``CalendarController`` (one's own links) |
/// | pages, ``PageContext`` | a signed-in browser (else to sign in) | ``PlanPagesController``, ``AccountPagesController`` |
/// | page forms, ``PageContext`` + ``FormTokenMiddleware`` | the same, with the session's token | ``ActivityFormsController``, ``UpdateFormsController``, ``AccountPagesController``, sign-out |
/// | `admin`, ``AdminPageContext`` (+ the token on forms) | a signed-in admin | ``AdminController`` |
struct ServerSettings: Sendable {
    var publicRead = false
    var trustForwardedFor = false
    var secureCookies = false
    var openAPI = ""
}

enum ServerRoutes {
    /// The router over `plan`, with its middleware and every route.
    static func router(plan: PlanService, settings: ServerSettings, logger: Logger) -> Router<ServerContext> {
        let routes = RouteTable()
        let sessions = Sessions(plan: plan, limiter: SignInLimiter(), secure: settings.secureCookies)
        let router = Router(context: ServerContext.self)
        router.add(middleware: AccessLogMiddleware(logger: logger))
        // Outside the problem middleware: refusals (404, 405, 500 …) carry the headers too.
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware(routes: routes))
        router.add(middleware: CredentialsMiddleware(plan: plan, sessions: sessions, publicRead: settings.publicRead,
                                                     trustForwardedFor: settings.trustForwardedFor))

        // Anyone.
        HealthController(plan: plan, openAPI: settings.openAPI).addRoutes(to: router.group())
        SessionController(sessions: sessions).addRoutes(anyone: router.group("api/v1"),
                                                        signedIn: router.group("api/v1", context: SignedInContext.self))
        // The API.
        let readers = router.group("api/v1", context: ReaderContext.self)
        PlanReadController(plan: plan, reports: ReportCache()).addRoutes(to: readers)
        PeriodReadController(plan: plan).addRoutes(to: readers)
        let writers = router.group("api/v1", context: WriterContext.self)
        PlanChangeController(plan: plan).addRoutes(to: writers)
        ReferenceDataController(plan: plan).addRoutes(to: writers)
        UpdateChangeController(plan: plan).addRoutes(to: writers)
        CalendarController(plan: plan, secure: settings.secureCookies).addRoutes(anyone: router.group(), writers: writers)
        // The pages.
        let pages = Pages(plan: plan)
        let signedIn = router.group(context: PageContext.self)
        PlanPagesController(plan: plan, pages: pages).addRoutes(to: signedIn)
        let forms = signedIn.group().add(middleware: FormTokenMiddleware<PageContext>())
        ActivityFormsController(plan: plan, pages: pages).addRoutes(to: forms)
        UpdateFormsController(plan: plan, pages: pages).addRoutes(to: forms)
        AccountPagesController(plan: plan, secure: settings.secureCookies).addRoutes(pages: signedIn, forms: forms)
        SignInController(sessions: sessions).addRoutes(anyone: router.group(), signedIn: forms)
        AdminController(plan: plan).addRoutes(to: signedIn.group("admin", context: AdminPageContext.self))

        routes.set(router.routes.map { (method: $0.method.rawValue, path: $0.path.description) })
        return router
    }
}
