import Foundation
import Testing

/// A real headless browser (Debian's chromium), for reading the DOM that an HTML report renders to.
enum Browser {
    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    static var executable: URL? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    /// The DOM after the page has loaded (and any script would have run), as HTML text.
    static func dumpDOM(of file: String, in sandbox: Sandbox) throws -> String {
        guard let browser = executable else {
            Issue.record("no headless browser found (looked for \(candidates.joined(separator: ", "))); install Debian's chromium")
            return ""
        }
        let result = try sandbox.run(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--user-data-dir=\(sandbox.path("browser-profile"))",
                                      "--dump-dom", URL(fileURLWithPath: file).absoluteString],
                                     executable: browser)
        #expect(result.status == 0, "chromium: \(result.stderr)")
        return result.stdout
    }
}
