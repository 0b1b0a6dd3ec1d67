import Testing
@testable import Rendering
@testable import WorkPlan

/// The rules of DESIGN §8 "Values", as every front end asks them.
@Suite struct ValuesRuleTests {
    @Test(arguments: ["0", "-0", "12", "+12", "-3.5", ".5", "5.", "1e12", "-1e12", "1.2E6", "5e-324", " 7 "])
    func plainDecimalsWithinTheLimitAreNumbers(_ text: String) throws {
        let value = try Values.number(text, field: "value")
        #expect(value.isFinite && abs(value) <= 1e12)
        #expect(value.sign == .plus || value != 0, "-0 is kept as 0")
    }

    @Test(arguments: ["", " ", "0x10", "0X1p3", "inf", "-Infinity", "nan", "1_000", "1,5", "1e", "e5", ".", "-", "1 2", "١٢", "12abc"])
    func whatIsNotAPlainDecimalIsNotANumber(_ text: String) {
        #expect(throws: PlanError.invalidNumber(field: "baseline", value: text)) { try Values.number(text, field: "baseline") }
    }

    @Test(arguments: ["1e18", "1e17", "-1e308", "1e308", "1e400", "1000000000000.5"])
    func numbersBeyondTheLimitAreOutOfRange(_ text: String) {
        #expect(throws: PlanError.numberOutOfRange(field: "target", value: text)) { try Values.number(text, field: "target") }
    }

    @Test func infinitiesAndNaNAreOutOfRange() {
        for value in [Double.infinity, -.infinity, .nan, 1e13] {
            #expect(throws: (any Error).self) { try Values.checked(value, field: "value") }
        }
    }

    @Test func theYearsAre1900To2100() throws {
        #expect(try Values.day("1900-01-01", field: "on") != nil)
        #expect(try Values.day("2100-12-31", field: "on") != nil)
        #expect(try Values.day("not a date", field: "on") == nil)
        for text in ["1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"] {
            #expect(throws: PlanError.dateOutOfRange(field: "due", value: text)) { try Values.day(text, field: "due") }
        }
        #expect(throws: (any Error).self) { try Values.moment("9999-12-31T10:00", field: "asRecorded") }
        #expect(Values.years.contains(Day.today().year), "today is a date the plan takes")
    }

    @Test func controlCharactersAreRefusedButTabAndNewlineInLongTexts() {
        #expect(Values.forbiddenCharacter(in: "plain, «quoted» 移民 👩🏽‍💼", field: "title") == nil)
        #expect(Values.forbiddenCharacter(in: "right-to-left \u{202E}", field: "title") == nil, "not a control character")
        for text in ["nul\u{0}", "bell\u{7}", "esc\u{1B}[31m", "cr\r", "del\u{7F}", "nel\u{85}", "csi\u{9B}"] {
            #expect(Values.forbiddenCharacter(in: text, field: "title") != nil, "\(text.debugDescription)")
            #expect(Values.forbiddenCharacter(in: text, field: "description") != nil, "\(text.debugDescription)")
        }
        for text in ["tab\t", "new\nline"] {
            #expect(Values.forbiddenCharacter(in: text, field: "title") != nil)
            for field in ["description", "note", "activities[3].description", "--note"] {
                #expect(Values.forbiddenCharacter(in: text, field: field) == nil, "\(field)")
            }
        }
    }

    @Test func anEventsNewValuesAreCheckedAndItsOldOnesAreNot() throws {
        let day = try #require(Day("2014-01-01"))
        let edit = JSON.object(["ref": .string("data-1"), "old": .object(["title": .string("was\u{7}")]),
                                "new": .object(["title": .string("now")])])
        #expect(Values.problem(inEventOn: day, by: "ana", note: nil, details: edit) == nil)
        let bad = JSON.object(["ref": .string("data-1"), "new": .object(["title": .string("now\u{7}")])])
        #expect(Values.problem(inEventOn: day, by: "ana", note: nil, details: bad) == .controlCharacter(field: "title", character: 7))
        let value = JSON.object(["ref": .string("data-1.i1"), "value": .double(1e18)])
        #expect(Values.problem(inEventOn: day, by: "ana", note: nil, details: value) == .numberOutOfRange(field: "value", value: "1e+18"))
        let due = JSON.object(["ref": .string("data-1.1"), "due": .string("9999-12-31")])
        #expect(Values.problem(inEventOn: day, by: "ana", note: nil, details: due) == .dateOutOfRange(field: "due", value: "9999-12-31"))
        #expect(Values.problem(inEventOn: day, by: "ana", note: "two\nlines\tand a tab", details: .object([])) == nil)
    }

    @Test func percentToTargetIsNeverInfiniteAndItsTextNeverTraps() throws {
        func state(_ baseline: Double, _ target: Double, _ actual: Double) -> IndicatorState {
            IndicatorState(ref: IndicatorRef(activity: ActivityRef(group: "data", number: 1), number: 1), title: "x", measure: .unit,
                           ascending: true, result: .output, baseline: .number(baseline), baselineYear: nil, target: .number(target),
                           periodEnd: nil, actual: .number(actual), actualOn: nil)
        }
        #expect(state(-5, -1e308, -1e308).percentToTarget == nil, "100 × (actual − baseline) overflows")
        #expect(state(0, 5e-324, 1e12).percentToTarget == nil)
        #expect(state(-.infinity, .infinity, .infinity).percentToTarget == nil)
        #expect(state(0, 10, 1e18).percentToTarget == 1e19)
        for value in [1e19, -1e19, .infinity, -.infinity, .nan, 1e300, 62.5, -1.5, 0] {
            _ = Format.percent(value)
        }
        #expect(Format.percent(62.5) == "62.5%")
        #expect(Format.percent(-1.5) == "-1.5%")
        #expect(Format.percent(1e19) == "1e+19%")
        #expect(Format.percent(.nan) == "—")
    }

    @Test func countsAreSingularForOne() {
        #expect(counted(1, "activity", "activities") == "1 activity")
        #expect(counted(0, "activity", "activities") == "0 activities")
        #expect(counted(2, "milestone") == "2 milestones")
    }

    @Test func theLogFitsATerminalWithoutBreakingADateOrAReference() throws {
        let day = try #require(Day("2014-03-31"))
        let events = (1...3).map { index in
            LoggedEvent(id: Int64(index), kind: "activity.edited", effectiveOn: day, recordedAt: "2014-04-01T09:30:00.000Z", actor: "secretariat",
                        group: "decent-work", activity: ActivityRef(group: "decent-work", number: 12), milestone: nil, agency: nil,
                        note: "agreed at the retreat of the working group with every co-chair present and the minutes circulated",
                        details: #"{"ref":"decent-work-12","old":{"title":"Recruitment costs survey in three corridors"},"new":{"title":"Recruitment costs survey in five corridors of South Asia"}}"#)
        }
        let wide = LogView.text(events, style: .plain)
        #expect(wide.split(separator: "\n").count == 4, "without a width, one line per event")
        let text = LogView.text(events, style: .plain, width: 120)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count > 4, "the change and the note wrap")
        for line in lines { #expect(Terminal.width(of: String(line)) <= 120, "\(line)") }
        #expect(lines.filter { $0.hasPrefix("2014-03-31") && $0.contains("decent-work-12") }.count == 3, "dates and references whole, once per event")
        for word in ["corridors", "co-chair", "circulated"] { #expect(text.contains(word)) }
    }
}
