import Foundation
import Testing

/// The README sends readers on to the guides in `docs/`, and the guides to one another: every
/// link between them, and every picture, must arrive.
@Suite struct DocumentationLinkTests {
    static let pages = ["README.md", "BENCHMARKS.md", "RELIABILITY.md", "docs/cli.md", "docs/server.md",
                        "docs/api.md", "docs/formats.md", "docs/architecture.md"]

    /// The page's text with its fenced code blocks left out (a `#` there is a comment, and
    /// `[x](y)` is code).
    static func prose(_ text: String) -> [String] {
        var fenced = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            if line.hasPrefix("```") || line.hasPrefix("  ```") { fenced.toggle(); return nil }
            return fenced ? nil : String(line)
        }
    }

    /// The anchors GitHub gives a page's headings: lower case, punctuation left out, spaces as hyphens.
    static func anchors(_ text: String) -> Set<String> {
        Set(prose(text).filter { $0.hasPrefix("#") }.map { heading in
            let title = heading.drop { $0 == "#" }.drop { $0 == " " }
            return String(title.lowercased().compactMap { character -> Character? in
                if character == " " { return "-" }
                if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
                return nil
            })
        })
    }

    @Test func everyLocalLinkAndPictureArrives() throws {
        let repository = ReadmeTests.repository
        for page in Self.pages {
            let url = repository.appendingPathComponent(page)
            let text = try String(contentsOf: url, encoding: .utf8)
            let folder = url.deletingLastPathComponent()
            for line in Self.prose(text) {
                for match in line.matches(of: /\]\(([^)\s]+)\)/) {
                    let target = String(match.output.1)
                    if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { continue }
                    let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let file = parts[0].isEmpty ? url : folder.appendingPathComponent(String(parts[0])).standardizedFileURL
                    #expect(FileManager.default.fileExists(atPath: file.path), "\(page): \(target): no such file")
                    if parts.count == 2, file.pathExtension == "md", let linked = try? String(contentsOf: file, encoding: .utf8) {
                        #expect(Self.anchors(linked).contains(String(parts[1])), "\(page): \(target): no such heading")
                    }
                }
            }
        }
    }

    /// The README is the front door: short, with the two commands of the quick start.
    @Test func theReadmeIsAFrontDoor() throws {
        let readme = try String(contentsOf: ReadmeTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count < 250)
        #expect(readme.contains("swift run mawp report"))
        #expect(readme.contains("swift test"))
        for guide in ["docs/cli.md", "docs/server.md", "docs/api.md", "docs/formats.md", "docs/architecture.md",
                      "BENCHMARKS.md", "RELIABILITY.md"] {
            #expect(readme.contains("](\(guide)"), "the README links to \(guide)")
        }
    }
}
