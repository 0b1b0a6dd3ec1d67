import Foundation
import Testing

@Suite struct IndicatorTests {
    @Test func indicatorsRecordValuesAndReportProgressTowardsTheirTarget() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Migration profiles")
        let added = try sandbox.mawp("indicator", "add", "data-1", "Countries with a migration profile", "--baseline", "10",
                                     "--baseline-year", "2013", "--target", "25", "--period-end", "2015-12-31")
        #expect(added.stdout == "data-1.i1\n")
        #expect(try sandbox.mawp("indicator", "record", "data-1.i1", "15", "--on", "2014-11-30").stdout == "data-1.i1 = 15 on 2014-11-30.\n")
        let again = try sandbox.mawp("indicator", "record", "data-1.i1", "15", "--on", "2014-11-30")
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing changed"))
        try sandbox.mawp("indicator", "record", "data-1.i1", "22", "--on", "2015-06-30", "--note", "survey")
        #expect(try sandbox.mawp("indicator", "add", "data-1", "Cost (%)", "--measure", "percentage", "--descending",
                                 "--baseline", "12", "--target", "8").stdout == "data-1.i2\n")
        try sandbox.mawp("indicator", "record", "data-1.i2", "10", "--on", "2015-01-01")
        try sandbox.mawp("indicator", "add", "data-1", "Guidelines", "--measure", "qualitative", "--target", "adopted")

        func group(_ asOf: String) throws -> [String: Any] { try sandbox.progress(asOf: asOf, group: "data") }
        #expect(try group("2014-01-01")["indicators"] as? Int == 3)
        #expect(try group("2014-01-01")["indicatorProgress"] is NSNull)
        #expect(try group("2014-12-31")["indicatorProgress"] as? Double == 100 * 5 / 15)
        // (22-10)/(25-10) = 80%, and (10-12)/(8-12) = 50% for the descending one: the mean is 65%.
        #expect(try group("2015-07-01")["indicatorProgress"] as? Double == 65)

        let show = try sandbox.json("activity", "show", "data-1", "--format", "json", "--as-of", "2015-07-01")
        let list = try #require(show["indicatorList"] as? [[String: Any]])
        #expect(list.map { $0["ref"] as? String } == ["data-1.i1", "data-1.i2", "data-1.i3"])
        #expect(list[0]["actual"] as? Double == 22)
        #expect(list[0]["actualOn"] as? String == "2015-06-30")
        #expect(list[0]["percentToTarget"] as? Double == 80)
        #expect(list[1]["ascending"] as? Bool == false)
        #expect(list[2]["measure"] as? String == "qualitative")
        #expect(list[2]["target"] as? String == "adopted")
        #expect(list[2]["percentToTarget"] is NSNull)

        let text = try sandbox.mawp("report", "--as-of", "2015-07-01")
        #expect(text.stdout.contains("Indicators"))
        let table = try sandbox.mawp("indicator", "list", "--as-of", "2014-12-31")
        #expect(table.stdout.contains("data-1.i1  unit"))
        #expect(table.stdout.contains("33.3%"))
    }

    @Test func indicatorMistakesAreRefused() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "x")
        try sandbox.mawp("indicator", "add", "data-1", "Count")
        try expectFailure(sandbox, ["indicator", "add", "data-1", "Count", "--baseline", "ten"], status: 64, message: "is not a number")
        try expectFailure(sandbox, ["indicator", "add", "data-1", "Count", "--baseline-year", "13"], status: 64, message: "is not a year")
        try expectFailure(sandbox, ["indicator", "record", "data-1.i1", "many"], status: 65, message: "is a unit indicator: 'many' is not a number")
        try expectFailure(sandbox, ["indicator", "record", "data-1.i2", "1"], status: 65, message: "unknown indicator 'data-1.i2'")
        try expectFailure(sandbox, ["indicator", "record", "data-1.2", "1"], status: 64, message: "is not an indicator reference")
        try expectFailure(sandbox, ["indicator", "add", "data-9", "x"], status: 65, message: "unknown activity 'data-9'")
    }
}
