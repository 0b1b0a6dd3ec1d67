import Foundation
import Testing
@testable import SQLite
@testable import WorkPlan

/// Thousands of random and mutated inputs to the parsers: no crash, and every rejection is a
/// clean error (nil, a problem with a line, a refused file), never a half-changed plan.
@Suite struct FuzzTests {
    @Test func theDateParserAcceptsExactlyRealDates() {
        var generator = SplitMix(seed: 1)
        let alphabet = Array("0123456789-/ T:+.a".unicodeScalars)
        for _ in 0..<20_000 {
            let text = String(String.UnicodeScalarView((0..<Int(generator.next() % 12)).map { _ in
                alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }))
            if let day = Day(text) {
                #expect(day.description == text, "\(text)")
            }
        }
        for _ in 0..<20_000 {
            let year = Int(generator.next() % 9999) + 1, month = Int(generator.next() % 14), day = Int(generator.next() % 33)
            let text = String(format: "%04d-%02d-%02d", year, month, day)
            var components = DateComponents()
            components.year = year; components.month = month; components.day = day
            let real = (1...12).contains(month) && day >= 1
                && Calendar(identifier: .gregorian).date(from: components).map {
                    Calendar(identifier: .gregorian).component(.day, from: $0) == day
                } == true
            #expect((Day(text) != nil) == real, "\(text)")
        }
    }

    @Test func theReferenceParsersRoundTripWhatTheyAccept() {
        var generator = SplitMix(seed: 2)
        let alphabet = Array("abcdeXYZ0123456789-.i _é".unicodeScalars)
        for _ in 0..<20_000 {
            let text = String(String.UnicodeScalarView((0..<Int(generator.next() % 16)).map { _ in
                alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }))
            if let ref = ActivityRef(text) { #expect(ActivityRef(ref.description) == ref && ref.description == text.lowercased()) }
            if let ref = MilestoneRef(text) { #expect(MilestoneRef(ref.description) == ref) }
            if let ref = IndicatorRef(text) { #expect(IndicatorRef(ref.description) == ref) }
            if let code = GroupCode.canonical(text) { #expect(GroupCode.canonical(code) == code) }
            if let code = AgencyCode.canonical(text) { #expect(AgencyCode.canonical(code) == code) }
        }
    }

    @Test func mutatedImportFilesNeverCrashAndNeverChangeThePlanWhenRefused() throws {
        let plan = try TemporaryPlan()
        let store = plan.store
        let a = try store.addActivity(.init(group: "data", title: "Retreats", lead: "UNDESA", partners: ["IOM"], agenda: [7]), by: plan.author)
        let m = try store.addMilestone(to: a, title: "First", due: day("2014-01-31"), by: plan.author)
        _ = try store.setMilestone(m, done: true, on: day("2014-01-21"), note: "held", by: plan.author)
        _ = try store.addIndicator(to: a, .init(title: "Profiles", baseline: .number(10), target: .number(25)), by: plan.author)
        struct Sink: TextSink {
            var text = ""
            mutating func write(_ piece: String) { text += piece }
        }
        var sink = Sink()
        try store.exportJSON(to: &sink)
        let original = Array(sink.text.utf8)

        var target = try TemporaryPlan()
        var generator = SplitMix(seed: 3)
        var refused = 0
        let interesting = Array("{}[]\",:0123456789-.tfn\\u\n ".utf8) + [0x00, 0xC3, 0xFF, 0x80]
        for round in 0..<1_500 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 4 {
                case 0: bytes[position] = interesting[Int(generator.next() % UInt64(interesting.count))]
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(interesting[Int(generator.next() % UInt64(interesting.count))], at: position)
                default: bytes = Array(bytes.prefix(position))
                }
                if bytes.isEmpty { break }
            }
            let result = try withFile(bytes) { fd in
                try target.store.importPlan(from: fd, format: .json, dryRun: round % 2 == 0, by: target.author)
            }
            if !result.problems.isEmpty {
                refused += 1
                #expect(!result.applied)
                #expect(result.problems.allSatisfy { $0.line >= 0 && !$0.message.isEmpty })
            }
            if result.applied {
                // A mutation that is still a valid plan went in whole; go on with a new plan.
                let findings = try target.store.check()
                #expect(findings.isEmpty, "\(findings)")
                target = try TemporaryPlan()
            } else {
                #expect(try target.store.db.scalarInt("SELECT count(*) FROM activity") == 0)
                #expect(try target.store.db.scalarInt("SELECT count(*) FROM event") == 0)
            }
        }
        #expect(refused > 1_000, "most mutations break the file")
    }
}
