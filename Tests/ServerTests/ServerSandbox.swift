import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Redirects are answers to look at, not to follow.
final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// A plan, its users and tokens made with the built `mawp`, and the built `mawp-server` on a
/// random loopback port over it, stopped (SIGTERM) when the sandbox goes.
final class ServerSandbox: @unchecked Sendable {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    let folder: URL
    let db: String
    private(set) var server: Process?
    private(set) var port = 0
    private var serverOutput: URL?
    private var serverErrors: URL?
    let session: URLSession

    static let binaries: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        db = folder.appendingPathComponent("plan.sqlite").path
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
        let made = try mawp(["init", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs the built `mawp` (with `--db` on this plan unless `arguments` start with init).
    @discardableResult
    func mawp(_ arguments: [String], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.binaries.appendingPathComponent("mawp")
        process.arguments = arguments.first == "init" ? arguments : arguments + ["--db", db]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "LANG": "C.UTF-8"]
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                      stderr: String(decoding: errors, as: UTF8.self))
    }

    /// Adds a user with a password; returns the password.
    @discardableResult
    func user(_ name: String, agency: String, role: String) throws -> String {
        let password = "pass-\(name)-long enough"
        let made = try mawp(["user", "add", name, "--agency", agency, "--role", role, "--password-stdin"], input: password + "\n")
        #expect(made.status == 0, "\(made.stderr)")
        return password
    }

    /// A token for `user` (the last line `token create` prints).
    func token(_ user: String, readOnly: Bool = false) throws -> String {
        let made = try mawp(["token", "create", user] + (readOnly ? ["--read-only"] : []))
        #expect(made.status == 0, "\(made.stderr)")
        return String(made.stdout.split(separator: "\n").last ?? "")
    }

    /// Starts the server on a free loopback port and waits for its "listening" line.
    /// `launcher`, when given, runs the server (its first word the program, the server's path and
    /// arguments after it): `setpriv` to drop privileges, a shell to set a limit.
    func start(_ extra: [String] = [], launcher: [String] = []) throws {
        let process = Process()
        let binary = Self.binaries.appendingPathComponent("mawp-server")
        process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = launcher.dropFirst() + (launcher.isEmpty ? [] : [binary.path]) + ["--db", db, "--port", "0"] + extra
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "LANG": "C.UTF-8"]
        let output = folder.appendingPathComponent("server.out"), errors = folder.appendingPathComponent("server.err")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        server = process
        serverOutput = output
        serverErrors = errors
        for _ in 0..<400 {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening on") }),
               let number = line.split(separator: ":").last.flatMap({ Int($0) }) {
                port = number
                return
            }
            if !process.isRunning { break }
            usleep(25_000)
        }
        Issue.record("mawp-server did not start: \(log)")
    }

    /// What the server wrote to stderr (its access log and errors).
    var log: String { serverErrors.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? "" }

    /// SIGTERM, and the exit status.
    @discardableResult
    func stop() -> Int32? {
        guard let server, server.isRunning else { return server?.terminationStatus }
        server.terminate()
        server.waitUntilExit()
        return server.terminationStatus
    }

    /// One HTTP request to the server.
    func request(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil, token: String? = nil, cookie: String? = nil,
                 headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// The plan's JSON as the CLI prints it, for comparing with the API's.
    func cli(_ arguments: String...) throws -> String {
        try mawp(arguments).stdout
    }

    /// Runs a program beside the server (a browser test, schemathesis) with its output in a
    /// file of the sandbox (a long run would fill a pipe); its exit status and its output.
    func runBeside(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = folder
        let output = folder.appendingPathComponent("output-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// The database's bytes, to check that a refusal changed nothing.
    func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: db)) }
}
