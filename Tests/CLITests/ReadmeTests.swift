import Foundation
import Testing

/// The walkthroughs of the README and of the guide to mawp (`docs/cli.md`), pasted line by
/// line, give the output the page shows.
@Suite struct ReadmeTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The README's short walkthrough, in a new database.
    @Test func theReadmeWalkthroughPrintsWhatTheReadmeShows() throws {
        let (blocks, steps) = try Self.walkthrough(in: "README.md")
        #expect(blocks >= 1)
        #expect(steps.count >= 5)
        try Self.run(steps)
    }

    /// Every walkthrough block of the guide, in order, in one new database (each goes on from the
    /// one before).
    @Test func theGuideWalkthroughsPrintWhatTheGuideShows() throws {
        let (blocks, steps) = try Self.walkthrough(in: "docs/cli.md")
        #expect(blocks >= 3)
        #expect(steps.count >= 16)
        try Self.run(steps)
    }

    /// The `$ mawp …` lines of every `<!-- walkthrough:begin … -->` … `<!-- walkthrough:end -->`
    /// block of `file`, each with the output shown under it.
    static func walkthrough(in file: String) throws -> (blocks: Int, steps: [(command: [String], output: String)]) {
        var text = try String(contentsOf: repository.appendingPathComponent(file), encoding: .utf8)[...]
        var steps: [(command: [String], output: String)] = []
        var blocks = 0
        while let begin = text.range(of: "<!-- walkthrough:begin"), let end = text.range(of: "<!-- walkthrough:end -->") {
            let block = text[begin.upperBound..<end.lowerBound]
                .split(separator: "\n", omittingEmptySubsequences: false)
                .drop { !$0.hasPrefix("```console") }.dropFirst()
                .prefix { !$0.hasPrefix("```") }
            for line in block {
                if line.hasPrefix("$ ") {
                    steps.append((try words(String(line.dropFirst(2))), ""))
                } else if !steps.isEmpty {
                    steps[steps.count - 1].output += line + "\n"
                }
            }
            blocks += 1
            text = text[end.upperBound...]
        }
        return (blocks, steps)
    }

    /// Runs each step in one new database and compares its output with the page's. Moments of
    /// recording (dates from 2020 on: the plan's own dates are 2013-2015) differ from run to run
    /// and are compared as "<now>".
    static func run(_ steps: [(command: [String], output: String)]) throws {
        let sandbox = try Sandbox()
        for step in steps {
            #expect(step.command.first == "mawp")
            let result = try sandbox.run(Array(step.command.dropFirst()), environment: ["MAWP_DB": sandbox.db])
            #expect(result.status == 0, "\(step.command): \(result.stderr)")
            #expect(now(result.stdout) == now(step.output), "\(step.command.joined(separator: " "))")
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
