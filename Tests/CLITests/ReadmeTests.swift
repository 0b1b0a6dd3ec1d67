import Foundation
import Testing

/// The README's walkthrough, pasted line by line, gives the output the README shows.
@Suite struct ReadmeTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    @Test func theWalkthroughPrintsWhatTheReadmeShows() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- walkthrough:begin"))
        let end = try #require(text.range(of: "<!-- walkthrough:end -->"))
        let block = text[begin.upperBound..<end.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("```console") }.dropFirst()
            .prefix { !$0.hasPrefix("```") }

        var steps: [(command: [String], output: String)] = []
        for line in block {
            if line.hasPrefix("$ ") {
                steps.append((try Self.words(String(line.dropFirst(2))), ""))
            } else if !steps.isEmpty {
                steps[steps.count - 1].output += line + "\n"
            }
        }
        #expect(steps.count >= 6)
        let sandbox = try Sandbox()
        for step in steps {
            #expect(step.command.first == "mawp")
            let result = try sandbox.run(Array(step.command.dropFirst()), environment: ["MAWP_DB": sandbox.db])
            #expect(result.status == 0, "\(step.command): \(result.stderr)")
            #expect(result.stdout == step.output, "\(step.command.joined(separator: " "))")
        }
    }

    /// Splits a shell command line into words: blanks separate, double or single quotes group.
    static func words(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        #expect(quote == nil, "unbalanced quotes in \(line)")
        if inWord { words.append(current) }
        return words
    }
}
