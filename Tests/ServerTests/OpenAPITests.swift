import Foundation
import Testing
import Logging
@testable import mawp_server

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `openapi.json` describes exactly the routes the server has, and every described operation
/// answers (no route the router does not know).
@Suite struct OpenAPITests {
    static func document() throws -> [String: Any] {
        let file = ServerTests.repository.appendingPathComponent("openapi.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    }

    static func operations() throws -> Set<String> {
        let paths = try #require(try document()["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, methods) in paths {
            for method in methods.keys where ["get", "post", "patch", "put", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// Every route of the server's router, as "METHOD /path", read from the router itself.
    static func routes() throws -> [String] {
        let sandbox = try ServerSandbox()
        let plan = try PlanService(path: sandbox.db)
        let router = ServerRoutes.router(plan: plan, settings: ServerSettings(), logger: Logger(label: "test"))
        return router.routes.map { "\($0.method.rawValue) \($0.path.description)" }
    }

    @Test func theDocumentNamesEveryRouteAndNoOther() throws {
        let routes = Set(try Self.routes().filter { $0.contains(" /api/") || $0.hasSuffix(" /healthz") })
        let documented = try Self.operations()
        #expect(routes.subtracting(documented).isEmpty, "routes the document lacks: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "operations the server lacks: \(documented.subtracting(routes).sorted())")
        #expect(try Self.document()["openapi"] as? String == "3.1.0")
    }

    @Test func everyDocumentedOperationReachesItsHandler() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("admin", agency: "IOM", role: "admin")
        let token = try sandbox.token("admin")
        try sandbox.start()
        for operation in try Self.operations().sorted() {
            let parts = operation.split(separator: " ")
            let path = String(parts[1]).replacingOccurrences(of: "{ref}", with: parts[1].contains("milestones") ? "data-1.1"
                                                              : parts[1].contains("indicators/") ? "data-1.i1" : "data-1")
                .replacingOccurrences(of: "{code}", with: "data").replacingOccurrences(of: "{name}", with: "agenda")
            let reply = try await sandbox.request(String(parts[0]), path, json: String(parts[0]) == "GET" ? nil : [String: Any](), token: token)
            // The router's own 404 says "Not Found"; a handler's says what is unknown.
            #expect(!(reply.status == 404 && (reply.json["detail"] as? String ?? "").hasPrefix("no such page or route")) && reply.status != 405,
                    "\(operation): \(reply.status) \(reply.text)")
            #expect(reply.status < 500, "\(operation): \(reply.status) \(reply.text)")
        }
    }
}

/// schemathesis (PyPI) against the live server, from the OpenAPI document: no 5xx, no status,
/// content type, header or body outside the document, 405 for methods a path does not have.
@Suite struct SchemathesisTests {
    /// `st` on the PATH (pip's scripts folder, pyenv's shims), or a usual place.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/root/.pyenv/shims", "/root/.local/bin"]
        return folders.map { $0 + "/st" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test func theLiveServerConformsToItsDocument() async throws {
        guard let st = Self.executable else {
            Issue.record("schemathesis is missing: pip install schemathesis (.ci/run does)")
            return
        }
        let sandbox = try ServerSandbox()
        #expect(try sandbox.mawp(["init", "--sample", "--db", sandbox.path("sample.sqlite")]).status == 0)
        try FileManager.default.removeItem(atPath: sandbox.db)
        try FileManager.default.moveItem(atPath: sandbox.path("sample.sqlite"), toPath: sandbox.db)
        try sandbox.mawp(["indicator", "add", "data-1", "Retreats held", "--target", "2"])
        try sandbox.user("admin", agency: "IOM", role: "admin")
        let token = try sandbox.token("admin")
        try sandbox.start()
        let (status, report) = try sandbox.runBeside(st, [
            "run", "http://127.0.0.1:\(sandbox.port)/api/v1/openapi.json", "-H", "Authorization: Bearer \(token)",
            "--max-examples", "25", "--generation-deterministic", "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
                + "response_schema_conformance,unsupported_method",
        ], environment: ["SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"])
        #expect(status == 0, "\(report.suffix(4000))")
        #expect(report.contains("passed"))
        #expect(try sandbox.mawp(["check"]).status == 0, "what schemathesis changed is a sound plan")
    }
}
