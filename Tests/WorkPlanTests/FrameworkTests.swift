import Foundation
import Testing
@testable import SQLite
@testable import WorkPlan

/// The frameworks seeded from the GMG's presentation (a copy under Fixtures/, since a clone
/// elsewhere has no ../shared).
@Suite struct FrameworkTests {
    /// The presentation's text with its line breaks undone: a word broken after a hyphen is
    /// joined again ("eight-\npoint"), every other run of white space is one space.
    static let presentation: String = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/gmg-presentation.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let joined = (try? NSRegularExpression(pattern: "-\\s*\\n\\s*"))?
            .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "-") ?? text
        return joined.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }()

    static func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test func theSeededTextsAreThePresentationsWordForWord() throws {
        #expect(Self.presentation.count > 3_000, "the fixture is there")
        let plan = try TemporaryPlan()
        let frameworks = try plan.store.frameworks()
        #expect(frameworks.map(\.name) == ["agenda", "recommendations", "chair-2014"])
        for framework in frameworks {
            #expect(Self.presentation.contains(framework.title), "\(framework.name)'s title")
            if let description = framework.description { #expect(Self.presentation.contains(Self.words(description))) }
            let (_, points) = try plan.store.coverage(of: framework.name, asOf: day("2014-06-30"))
            for point in points {
                #expect(Self.presentation.contains(Self.words(point.point.title)), "\(point.point.ref): \(point.point.title)")
                for line in (point.point.description ?? "").split(separator: "\n") {
                    #expect(Self.presentation.contains(Self.words(String(line))), "\(point.point.ref): \(line)")
                }
                if let section = point.point.section { #expect(Self.presentation.contains("Key Recommendations " + section)) }
            }
        }
        let (_, recommendations) = try plan.store.coverage(of: "recommendations", asOf: day("2014-06-30"))
        #expect(recommendations.map(\.point.ref.code) == ["G1", "G2", "G3", "P1", "P2", "P3", "P4", "O1", "O2", "O3", "D1"])
        #expect(recommendations.last?.point.description?.split(separator: "\n").count == 3)
        let (_, chair) = try plan.store.coverage(of: "chair-2014", asOf: day("2014-06-30"))
        #expect(chair.map(\.point.ref.code) == ["1", "2", "3", "4", "5"])
        #expect(chair.last?.point.title.hasPrefix("Oversee implementation of the GMG 2013-2015 Multi-Annual Work Plan") == true)
        // The agenda is the same eight points as before, as a framework.
        #expect(try plan.store.agenda(asOf: day("2014-06-30")).map(\.point.title) == (try plan.store.coverage(of: "agenda", asOf: day("2014-06-30"))).1.map(\.point.title))
    }

    @Test func pointReferencesParseWhatTheyShould() {
        #expect(PointRef("recommendations:P1") == PointRef(framework: "recommendations", code: "P1"))
        #expect(PointRef("sdg-targets:10.7")?.code == "10.7")
        #expect(PointRef("agenda:7") == .agenda(7))
        for bad in ["recommendations", ":P1", "recommendations:", "Bad Name:P1", "sdg:.7", "sdg:7.", "sdg:a b", "sdg:12345678901234567"] {
            #expect(PointRef(bad) == nil, "\(bad)")
        }
    }
}
