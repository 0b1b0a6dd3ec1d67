import Testing
@testable import WorkPlan

@Suite struct DayTests {
    @Test(arguments: ["2014-01-21", "2016-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2015-12-31"])
    func validDatesParseAndPrintTheSame(_ text: String) throws {
        let day = try #require(Day(text))
        #expect(day.description == text)
    }

    @Test(arguments: ["", "2014-02-29", "1900-02-29", "2014-13-01", "2014-00-10", "2014-04-31", "2014-1-01",
                      "14-01-01", "2014/01/01", "2014-01-01T00:00", " 2014-01-01", "2014-01-01 ", "0000-01-01",
                      "２０１４-01-01", "+014-01-01", "2014-01-0a", "today"])
    func anythingElseIsRejected(_ text: String) {
        #expect(Day(text) == nil)
    }

    @Test func dayNumbersRoundTripAndCount() throws {
        #expect(Day("1970-01-01")?.dayNumber == 0)
        #expect(Day("2014-03-01")?.dayNumber == 16_130)
        for number in stride(from: -719_162, through: 2_932_896, by: 997) {
            let day = try #require(Day(dayNumber: number))
            #expect(day.dayNumber == number)
            #expect(Day(day.description) == day)
        }
        let start = try #require(Day("2013-01-01")), end = try #require(Day("2015-12-31"))
        #expect(start.days(to: end) == 1094)
    }

    @Test func datesOrderAsCalendarDates() throws {
        let days = ["2015-01-01", "2014-12-31", "2014-02-01", "2014-01-31"].compactMap(Day.init)
        #expect(days.sorted().map(\.description) == ["2014-01-31", "2014-02-01", "2014-12-31", "2015-01-01"])
    }
}

@Suite struct ReferenceTests {
    @Test func activityReferencesSplitAtTheLastHyphen() throws {
        let ref = try #require(ActivityRef("decent-work-12"))
        #expect(ref.group == "decent-work")
        #expect(ref.number == 12)
        #expect(ActivityRef("Data-1")?.description == "data-1")
    }

    @Test(arguments: ["data", "data-", "-1", "data-0", "data-01", "data-+1", "data--1", "data-1.2", "da ta-1",
                      "data-99999999999", "1data-1"])
    func malformedActivityReferencesAreRejected(_ text: String) {
        #expect(ActivityRef(text) == nil)
    }

    @Test func milestoneReferencesSplitAtTheLastDot() throws {
        let ref = try #require(MilestoneRef("decent-work-12.3"))
        #expect(ref.activity == ActivityRef(group: "decent-work", number: 12))
        #expect(ref.number == 3)
        #expect(MilestoneRef("data-1") == nil)
        #expect(MilestoneRef("data-1.") == nil)
        #expect(MilestoneRef("data-1.0") == nil)
    }

    @Test func agencyCodesIgnoreCaseSpacesAndHyphens() {
        #expect(AgencyCode.canonical("UN Women") == "UNWOMEN")
        #expect(AgencyCode.canonical("un-women") == "UNWOMEN")
        #expect(AgencyCode.canonical("UNWOMEN") == "UNWOMEN")
        #expect(AgencyCode.canonical("World Bank") == "WORLDBANK")
        #expect(AgencyCode.canonical("U.N.") == nil)
        #expect(AgencyCode.canonical(" - ") == nil)
    }

    @Test func groupCodesAreLowerCaseWordsJoinedByHyphens() {
        #expect(GroupCode.canonical("Decent-Work") == "decent-work")
        #expect(GroupCode.canonical("wg2") == "wg2")
        for bad in ["", "2wg", "a--b", "a-", "-a", "a b", "a_b", String(repeating: "a", count: 33)] {
            #expect(GroupCode.canonical(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct ProgressRuleTests {
    func day(_ text: String) -> Day { Day(text) ?? .today() }

    /// The state of data-1.1 as of `date`: done, and since when.
    func state(_ plan: TemporaryPlan, asOf date: String) throws -> (Bool, Day?) {
        let milestone = try plan.store.activity(ActivityRef(group: "data", number: 1), asOf: day(date)).milestones[0]
        return (milestone.done, milestone.doneOn)
    }

    @Test func aMilestoneIsDoneFromItsDoneDateUntilItIsReopened() throws {
        let plan = try TemporaryPlan()
        let ref = try plan.store.addActivity(.init(group: "data", title: "x"), by: plan.author)
        let m = try plan.store.addMilestone(to: ref, title: "m", due: nil, by: plan.author)
        _ = try plan.store.setMilestone(m, done: true, on: day("2014-03-01"), note: nil, by: plan.author)
        _ = try plan.store.setMilestone(m, done: false, on: day("2014-06-01"), note: nil, by: plan.author)
        #expect(try state(plan, asOf: "2014-02-28") == (false, nil))
        #expect(try state(plan, asOf: "2014-03-01") == (true, day("2014-03-01")))
        #expect(try state(plan, asOf: "2014-05-31") == (true, day("2014-03-01")))
        #expect(try state(plan, asOf: "2014-06-01") == (false, nil))
        // Done again, and once more on an earlier date of the same run: the run begins at its first done.
        _ = try plan.store.setMilestone(m, done: true, on: day("2014-08-01"), note: nil, by: plan.author)
        #expect(try state(plan, asOf: "2014-09-01") == (true, day("2014-08-01")))
    }

    @Test func onTheSameDateTheLaterRecordedEventWins() throws {
        let plan = try TemporaryPlan()
        let ref = try plan.store.addActivity(.init(group: "data", title: "x"), by: plan.author)
        let m = try plan.store.addMilestone(to: ref, title: "m", due: nil, by: plan.author)
        _ = try plan.store.setMilestone(m, done: true, on: day("2014-03-01"), note: nil, by: plan.author)
        _ = try plan.store.setMilestone(m, done: false, on: day("2014-03-01"), note: nil, by: plan.author)
        #expect(try state(plan, asOf: "2014-03-01") == (false, nil))
    }

    @Test func anActivityStatusFollowsTheRules() {
        let asOf = day("2014-06-30")
        #expect(ActivityStatus.of(cancelledOn: day("2014-06-30"), start: nil, milestones: 2, done: 2, asOf: asOf) == .cancelled)
        #expect(ActivityStatus.of(cancelledOn: day("2014-07-01"), start: nil, milestones: 2, done: 2, asOf: asOf) == .completed)
        #expect(ActivityStatus.of(cancelledOn: nil, start: nil, milestones: 0, done: 0, asOf: asOf) == .planned)
        #expect(ActivityStatus.of(cancelledOn: nil, start: day("2014-06-30"), milestones: 0, done: 0, asOf: asOf) == .inProgress)
        #expect(ActivityStatus.of(cancelledOn: nil, start: day("2014-07-01"), milestones: 3, done: 1, asOf: asOf) == .inProgress)
        #expect(ActivityStatus.of(cancelledOn: nil, start: day("2014-07-01"), milestones: 3, done: 0, asOf: asOf) == .planned)
    }

    @Test func percentCompleteIsZeroWithoutMilestones() {
        #expect(ProgressCounts().percentComplete == 0)
        #expect(ProgressCounts(milestones: 8, milestonesDone: 5).percentComplete == 62.5)
    }
}

@Suite struct JSONTests {
    @Test func keysKeepTheirOrderAndTextIsEscaped() {
        let value = JSON.object(["b": .int(1), "a": .string("q\"\\\n\u{1B}é"), "n": .null, "d": .double(62.5), "z": .double(100)])
        #expect(value.serialized() == #"{"b":1,"a":"q\"\\\n\u001bé","n":null,"d":62.5,"z":100}"#)
    }

    @Test func prettyOutputIndentsByTwo() {
        let value = JSON.object(["a": .array([.int(1)]), "e": .array([])])
        #expect(value.serialized(pretty: true) == "{\n  \"a\": [\n    1\n  ],\n  \"e\": []\n}")
    }
}
