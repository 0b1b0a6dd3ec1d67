/// The period a plan covers (the GMG's: 2013-01-01 to 2015-12-31), as the database records it.
public struct PlanPeriod: Hashable, Sendable {
    public let start: Day
    public let end: Day

    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }

    /// The start, then the last day of each month up to the end's.
    public var monthEnds: [Day] {
        var dates = [start]
        var year = start.year, month = start.month
        while (year, month) <= (end.year, end.month) {
            if let last = Day(year: year, month: month, day: Day.daysIn(month: month, year: year)), last > start { dates.append(last) }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return dates
    }
}
