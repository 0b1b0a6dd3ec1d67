import Foundation
import Testing

/// The built `mawp` binary, run as a user runs it, in a temporary folder of its own.
final class Sandbox {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let folder: URL
    /// The database that `init()` made, passed as `--db` by ``mawp(_:)``.
    let db: String

    /// The `mawp` executable beside this test bundle (SwiftPM builds both into one folder).
    static let binary: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("mawp")
    }()

    init(initialise: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        db = folder.appendingPathComponent("plan.sqlite").path
        if initialise {
            let result = try run(["init", "--db", db])
            #expect(result.status == 0, "mawp init failed: \(result.stderr)")
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs `mawp` with `arguments` and `--db` on the sandbox database.
    @discardableResult
    func mawp(_ arguments: String..., environment: [String: String] = [:]) throws -> Result {
        try run(arguments + ["--db", db], environment: environment)
    }

    /// Runs an executable (the `mawp` binary unless `executable` is given) with a clean environment:
    /// HOME and XDG_DATA_HOME inside the sandbox, no MAWP_* or NO_COLOR from outside.
    func run(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil,
             as user: String? = nil, input: String? = nil) throws -> Result {
        let process = Process()
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOME": path("home"), "XDG_DATA_HOME": path("xdg"), "LANG": "C.UTF-8"]
        env.merge(environment) { $1 }
        let program = (executable ?? Sandbox.binary).path
        if let user {
            // Tests run as root, which ignores file permissions: drop to another user.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        process.environment = env
        process.currentDirectoryURL = folder
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent(".out-\(id)"), errURL = folder.appendingPathComponent(".err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = folder.appendingPathComponent(".in-\(id)")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(".in-\(id)"))
        }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    func bytes(_ path: String? = nil) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path ?? db))
    }

    /// Parses the JSON that a command printed.
    func json(_ arguments: String...) throws -> [String: Any] {
        let result = try run(arguments + ["--db", db])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    /// The JSON report's totals or one group's line, as of `asOf`.
    func progress(asOf: String, group: String? = nil) throws -> [String: Any] {
        let report = try json("report", "--format", "json", "--as-of", asOf)
        if let group {
            let groups = try #require(report["groups"] as? [[String: Any]])
            return try #require(groups.first { $0["code"] as? String == group })
        }
        return try #require(report["totals"] as? [String: Any])
    }
}

/// Checks what every failed command must do: its exit status, one message on stderr,
/// nothing on stdout, and the database byte for byte as it was.
func expectFailure(_ sandbox: Sandbox, _ arguments: [String], status: Int32, message: String,
                   environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = try sandbox.bytes()
    let result = try sandbox.run(arguments + ["--db", sandbox.db], environment: environment)
    #expect(result.status == status, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(try sandbox.bytes() == before, "the database changed", sourceLocation: sourceLocation)
}
