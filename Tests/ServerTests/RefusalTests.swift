import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Requests that must be refused, clearly and with nothing changed, never answered 500
/// (issue: hardening §3).
@Suite struct RefusalTests {
    static let formType = ["Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"]

    @Test func malformedFormsAre400And413WithThePageAndNothingChanged() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        let (session, csrf) = try await WebTests.signIn(sandbox, "amina")
        let path = "/milestones/rights-1.1/done"
        let bodies: [(String, Data, Int)] = [
            ("a field twice", Data("csrf=\(csrf)&on=2014-05-01&on=2014-06-01".utf8), 400),
            ("malformed percent-encoding", Data("csrf=\(csrf)&note=%E0%A4%A".utf8), 400),
            ("an invalid escape", Data("csrf=\(csrf)&note=%zz".utf8), 400),
            ("not UTF-8", Data("csrf=\(csrf)&note=%FF%FE".utf8), 400),
            ("over the size limit", Data("csrf=\(csrf)&note=".utf8) + Data(repeating: UInt8(ascii: "a"), count: 70_000), 413),
        ]
        for (what, body, status) in bodies {
            let before = try sandbox.bytes()
            let reply = try await sandbox.request("POST", path, body: body, cookie: session, headers: Self.formType)
            #expect(reply.status == status, "\(what): \(reply.status) \(reply.text.prefix(200))")
            #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true, "\(what): a page")
            #expect(reply.text.contains("nothing was changed"), "\(what)")
            #expect(reply.header("X-Frame-Options") == "DENY", "\(what): the security headers")
            #expect(try sandbox.bytes() == before, "\(what): nothing changed")
        }
        #expect(!sandbox.log.contains("error="), "no server error logged")
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    @Test func aNextWithAControlCharacterOrBackslashStaysOnTheSite() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.user("amina", agency: "UNICEF", role: "editor")
        try sandbox.start()
        for next in ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\/evil.example", "/\u{7F}/evil.example", "/é/x"] {
            let page = try await sandbox.request("GET", "/sign-in")
            let token = try #require(WebTests.csrf(page.text))
            let reply = try await sandbox.request("POST", "/sign-in",
                                                  body: WebTests.form(["user": "amina", "password": "pass-amina-long enough", "csrf": token,
                                                                       "next": next]),
                                                  cookie: WebTests.cookie(page), headers: Self.formType)
            #expect(reply.status == 303)
            #expect(reply.header("Location") == "/", "\(next.debugDescription)")
            // And the sign-in page never offers it.
            let offered = try await sandbox.request("GET", "/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            #expect(offered.text.contains("name=\"next\" value=\"/\""), "\(next.debugDescription)")
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeadersAndABrowserGetsAPageFor404() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.start()
        let answers = [
            try await sandbox.request("GET", "/no/such/page"),
            try await sandbox.request("GET", "/no/such/page", headers: ["Accept": "text/html"]),
            try await sandbox.request("PUT", "/api/v1/report"),
            try await sandbox.request("DELETE", "/healthz"),
            try await sandbox.request("GET", "/api/v1/report"),
            try await sandbox.request("GET", "/healthz"),
        ]
        for reply in answers {
            #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(reply.status)")
            #expect(reply.header("X-Frame-Options") == "DENY", "\(reply.status)")
            #expect(reply.header("Content-Security-Policy")?.contains("default-src 'none'") == true, "\(reply.status)")
            #expect(reply.header("Referrer-Policy") == "no-referrer", "\(reply.status)")
        }
        #expect(answers[0].status == 404)
        #expect(answers[0].header("Content-Type") == "application/problem+json")
        #expect(answers[1].status == 404)
        #expect(answers[1].header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(answers[1].text.contains("<a href=\"/\">"), "a way back")
        #expect(answers[1].text.contains("/no/such/page"))
        #expect(answers[2].status == 405)
        #expect(answers[2].header("Allow") == "GET")
        #expect(answers[3].status == 405)
        #expect(answers[3].header("Allow") == "GET")
        // A hostile path is shown as text.
        let hostile = try await sandbox.request("GET", "/%3Cscript%3Ealert(1)%3C/script%3E", headers: ["Accept": "text/html"])
        #expect(hostile.status == 404)
        #expect(!hostile.text.contains("<script>"))
    }

    /// Opens a TCP connection to the server and sends `text`; returns the socket.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        return fd
    }

    /// Whether the server has closed `fd`: a read returns 0 (end) or fails, within `seconds`.
    static func closed(_ fd: Int32, within seconds: Double) -> Bool {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    @Test func aConnectionThatTricklesItsHeadersIsClosed() async throws {
        let sandbox = try ServerTests.plan()
        try sandbox.start(["--header-timeout", "2"])
        // Headers a line at a time, never finished: closed after the limit.
        let slow = try Self.connect(sandbox.port)
        defer { close(slow) }
        let started = Date()
        _ = "GET /healthz HTTP/1.1\r\nHost: x\r\n".withCString { send(slow, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var open = true
        for index in 0..<8 where open {
            usleep(500_000)
            open = "X-Slow-\(index): 1\r\n".withCString { send(slow, $0, strlen($0), Int32(MSG_NOSIGNAL)) } > 0 && Date().timeIntervalSince(started) < 4
        }
        #expect(Self.closed(slow, within: 3))
        #expect(Date().timeIntervalSince(started) < 6, "closed near the limit")
        // Whole headers, then a body trickled in: closed too.
        let trickle = try Self.connect(sandbox.port)
        defer { close(trickle) }
        _ = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"
            .withCString { send(trickle, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        let began = Date()
        var sending = true
        for _ in 0..<12 where sending {
            usleep(500_000)
            sending = " ".withCString { send(trickle, $0, strlen($0), Int32(MSG_NOSIGNAL)) } > 0 && Date().timeIntervalSince(began) < 5
        }
        #expect(Self.closed(trickle, within: 3))
        #expect(Date().timeIntervalSince(began) < 7, "closed near the limit")
        // A connection that says nothing is closed too; a prompt request is answered.
        let silent = try Self.connect(sandbox.port)
        defer { close(silent) }
        #expect(Self.closed(silent, within: 5))
        #expect(try await sandbox.request("GET", "/healthz").status == 200)
    }
}
