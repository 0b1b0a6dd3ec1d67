import Foundation
import Testing

/// The README's walkthrough, pasted line by line, gives the output the README shows.
@Suite struct ReadmeTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// Every walkthrough block, in order, in one database (each goes on from the one before).
    /// Moments of recording (dates from 2020 on: the plan's own dates are 2013-2015) differ from
    /// run to run and are compared as "<now>".
    @Test func theWalkthroughsPrintWhatTheReadmeShows() throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)[...]
        var steps: [(command: [String], output: String)] = []
        var blocks = 0
        while let begin = text.range(of: "<!-- walkthrough:begin"), let end = text.range(of: "<!-- walkthrough:end -->") {
            let block = text[begin.upperBound..<end.lowerBound]
                .split(separator: "\n", omittingEmptySubsequences: false)
                .drop { !$0.hasPrefix("```console") }.dropFirst()
                .prefix { !$0.hasPrefix("```") }
            for line in block {
                if line.hasPrefix("$ ") {
                    steps.append((try Self.words(String(line.dropFirst(2))), ""))
                } else if !steps.isEmpty {
                    steps[steps.count - 1].output += line + "\n"
                }
            }
            blocks += 1
            text = text[end.upperBound...]
        }
        #expect(blocks >= 2)
        #expect(steps.count >= 16)
        let sandbox = try Sandbox()
        for step in steps {
            #expect(step.command.first == "mawp")
            let result = try sandbox.run(Array(step.command.dropFirst()), environment: ["MAWP_DB": sandbox.db])
            #expect(result.status == 0, "\(step.command): \(result.stderr)")
            #expect(Self.now(result.stdout) == Self.now(step.output), "\(step.command.joined(separator: " "))")
        }
    }

    /// `text` with each moment of recording (2026-11-23, 2026-11-23T09:24:24.035Z, 2026-11-23 09:24 UTC) as "<now>".
    static func now(_ text: String) -> String {
        let pattern = try? NSRegularExpression(pattern: "20[2-9][0-9]-[0-9]{2}-[0-9]{2}(T[0-9:.]+Z| [0-9]{2}:[0-9]{2} UTC)?")
        return pattern?.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "<now>") ?? text
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
