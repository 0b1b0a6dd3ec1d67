import ArgumentParser
import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import UnixSignals
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// `mawp-server`: one plan shared by the sixteen agencies over HTTP (DESIGN §8).
@main
struct MawpServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mawp-server",
        abstract: "Serve the GMG work plan to the agencies: the JSON API, with accounts and agency-scoped permissions.",
        discussion: """
            Accounts and tokens are managed with the mawp command on this host (mawp user, mawp token). \
            SIGTERM or SIGINT stops taking requests, lets those in flight finish, and exits 0.
            """,
        version: "0.1.0")

    @Option(help: ArgumentHelp("The database file, made by mawp init (default: $MAWP_DB).", valueName: "path"))
    var db: String?

    @Option(help: ArgumentHelp("The address to listen on (default: loopback only).", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one (the log line says which).", valueName: "port"))
    var port = 8080

    @Flag(name: .customLong("public-read"), help: "Let anyone read the plan without signing in (changes still need a user).")
    var publicRead = false

    @Flag(name: .customLong("trust-forwarded-for"),
          help: "Behind a proxy on loopback: limit sign-ins by the address it puts last in X-Forwarded-For.")
    var trustForwardedFor = false

    @Flag(name: .customLong("secure-cookies"),
          help: "Mark the cookies Secure (sent over HTTPS only): give it behind a TLS proxy (it is on with --tls-cert).")
    var secureCookies = false

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("header-timeout"),
            help: ArgumentHelp("Close a connection whose request headers are not complete within this many seconds.", valueName: "seconds"))
    var headerTimeout = 10

    @Option(help: ArgumentHelp("How many reads (pages, reports, lists) run at once, each on its own connection and thread.", valueName: "n"))
    var readers = 3

    @Option(name: .customLong("max-waiting-reads"),
            help: ArgumentHelp("How many more may wait for one; a read past them is answered 503 with Retry-After at once.", valueName: "n"))
    var maxWaitingReads = 256

    func validate() throws {
        if !(1...64).contains(readers) { throw ValidationError("--readers must be from 1 to 64") }
        if !(0...100_000).contains(maxWaitingReads) { throw ValidationError("--max-waiting-reads must be from 0 to 100000") }
        if !(1...3600).contains(headerTimeout) { throw ValidationError("--header-timeout must be from 1 to 3600 seconds") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("give --tls-cert and --tls-key together") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        // A write past a file-size limit fails with an error instead of killing the process mid-transaction.
        signal(SIGXFSZ, SIG_IGN)
        var logger = Logger(label: "mawp-server")
        logger.logLevel = Environment().get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        guard let path = db ?? Environment().get("MAWP_DB").flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("give --db PATH (or set MAWP_DB): the database mawp init made")
        }
        let plan: PlanService
        do {
            plan = try PlanService(path: path, readers: readers, maxWaitingReads: maxWaitingReads)
        } catch {
            logger.critical("cannot open \(path): \(error)")
            throw ExitCode(65)
        }
        let router = ServerRoutes.router(plan: plan, settings: ServerSettings(
            publicRead: publicRead, trustForwardedFor: trustForwardedFor, secureCookies: tlsCert != nil || secureCookies, openAPI: OpenAPIDocument.text),
                                         logger: logger)

        // Headers must be complete within --header-timeout of opening a connection (or of the last answer).
        let http1 = HTTPServerBuilder.http1(configuration: .init(
            additionalChannelHandlers: [HeaderTimeoutHandler(limit: .seconds(Int64(headerTimeout)))]))
        let server: HTTPServerBuilder
        if let tlsCert, let tlsKey {
            let chain = try NIOSSLCertificate.fromPEMFile(tlsCert).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
            server = try HTTPServerBuilder.tls(http1, tlsConfiguration: TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: NIOSSLPrivateKeySource.privateKey(key)))
        } else {
            server = http1
        }
        let scheme = tlsCert == nil ? "http" : "https"
        let host = self.host
        let app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "mawp-server"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                // The one line on stdout: scripts and tests read the port from it.
                print("mawp-server listening on \(scheme)://\(host):\(bound)")
                fflush(nil)
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [UnixSignal.sigterm, UnixSignal.sigint])
        try await plan.shutdown()
    }
}
