import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Each storage failure under the server has its status, told without a path or SQL, and the
/// server stays up (issue: the house §4): WorkPlan throws the cases, the server maps them.
@Suite struct StorageErrorTests {
    /// A change that writes a page or two.
    static var change: [String: Any] { ["group": "rights", "title": "Toolkit", "lead": "UNICEF",
                                        "description": String(repeating: "A longer description. ", count: 800)] }

    static func expectTold(_ reply: ServerSandbox.Reply, _ status: Int, _ sandbox: ServerSandbox) {
        #expect(reply.status == status, "\(reply.status) \(reply.text)")
        #expect(reply.header("Content-Type") == "application/problem+json")
        #expect(!reply.text.contains(sandbox.folder.path) && !reply.text.contains("SQL") && !reply.text.contains("sqlite"), "\(reply.text)")
        #expect(reply.text.contains("nothing was changed"), "\(reply.text)")
    }

    @Test(.enabled(if: getuid() == 0, "a mount namespace needs root"))
    func aFullDiskIs507AndNothingChanges() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("admin", agency: "IOM", role: "admin")
        let token = try sandbox.token("admin")
        let size = try sandbox.bytes().count
        // The plan on a tmpfs just larger than it, in a mount namespace of the server's own: the
        // next pages find the disk full.
        let disk = sandbox.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let script = "mount -t tmpfs -o size=\(size + 8192) tmpfs '\(disk)' && cp '\(sandbox.db)' '\(disk)/plan.sqlite' "
            + "&& exec \"$0\" --db '\(disk)/plan.sqlite' --port 0"
        try sandbox.start(launcher: ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script])
        let reply = try await sandbox.request("POST", "/api/v1/activities", json: Self.change, token: token)
        Self.expectTold(reply, 507, sandbox)
        let activities = try await sandbox.request("GET", "/api/v1/activities?group=rights", token: token)
        #expect(activities.status == 200, "reads go on")
        #expect(!activities.text.contains("Toolkit"), "nothing was changed")
        #expect(sandbox.log.contains("the disk is full"))
    }

    @Test(.enabled(if: getuid() == 0, "dropping privileges needs root"))
    func aFileTheServerMayNotWriteIs503AndNothingChanges() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("admin", agency: "IOM", role: "admin")
        let token = try sandbox.token("admin")
        // Root's file and folder, which nobody may read but not write.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: sandbox.db)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.folder.path)
        try sandbox.start(launcher: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        let before = try sandbox.bytes()
        #expect(try await sandbox.request("GET", "/api/v1/report", token: token).status == 200, "reads work")
        let reply = try await sandbox.request("POST", "/api/v1/activities", json: Self.change, token: token)
        Self.expectTold(reply, 503, sandbox)
        #expect(reply.header("Retry-After") != nil)
        #expect(try sandbox.bytes() == before)
        #expect(try await sandbox.request("GET", "/healthz").status == 200)
    }

    @Test func aDamagedFileIs500WithoutItsDetailsAndTheServerStaysUp() async throws {
        let sandbox = try ServerTests.plan()
        // Reads open to anyone: no token's row (which the noise may hit, refusing the token) in the way.
        try sandbox.start(["--public-read"])
        let token: String? = nil
        #expect(try await sandbox.request("GET", "/api/v1/activities", token: token).status == 200)
        // Overwrite the pages after the first few (the tables' b-trees) with noise, behind the server's back.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: sandbox.db))
        let size = try handle.seekToEnd()
        for offset in stride(from: UInt64(4096 * 2), to: size, by: 4096) {
            try handle.seek(toOffset: offset + 8)
            try handle.write(contentsOf: Data(repeating: 0xA5, count: 512))
        }
        try handle.close()
        var told = 0
        for path in ["/api/v1/activities", "/api/v1/report", "/api/v1/log", "/api/v1/activities/rights-1"] {
            let reply = try await sandbox.request("GET", path, token: token)
            #expect(reply.status < 500 || reply.status == 500, "\(path): \(reply.status) \(reply.text)")
            if reply.status == 500 {
                told += 1
                #expect(!reply.text.contains(sandbox.folder.path) && !reply.text.lowercased().contains("malformed"), "\(reply.text)")
            }
        }
        #expect(told > 0, "the damage is found")
        #expect(try await sandbox.request("GET", "/healthz").status != 0, "the server still answers")
        #expect(sandbox.log.contains("storage"), "the log says what the client is not told")
    }
}
