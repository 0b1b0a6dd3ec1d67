/// A spreadsheet of typed cells, written as an Office Open XML workbook (.xlsx, ECMA-376)
/// that Excel, LibreOffice and openpyxl read as they are: dates are dates, numbers numbers,
/// percentages percentages.
public struct Workbook: Sendable {
    public var title: String
    public var sheets: [Sheet]
    /// The moment the workbook was made, W3C date and time (its document properties).
    public var created: String?

    public init(title: String, sheets: [Sheet], created: String? = nil) {
        self.title = title
        self.sheets = sheets
        self.created = created
    }
}

/// One sheet: lines about it (its title, the as-of date, …), then a table under a frozen
/// header row with an autofilter; `footer` rows (totals) are bold, below the filtered range.
public struct Sheet: Sendable {
    public var name: String
    public var about: [[Cell]]
    public var header: [String]
    public var rows: [[Cell]]
    public var footer: [[Cell]]

    public init(name: String, about: [[Cell]] = [], header: [String], rows: [[Cell]], footer: [[Cell]] = []) {
        self.name = name
        self.about = about
        self.header = header
        self.rows = rows
        self.footer = footer
    }

    /// The 1-based row of the header: after the lines about the sheet and a blank row.
    public var headerRow: Int { about.isEmpty ? 1 : about.count + 2 }
}

public enum Cell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case integer(Int)
    /// A fraction shown as a percentage: 0.5 is 50.0 %.
    case percent(Double)
    /// A calendar date, as the spreadsheet's day number (see ``Cell/date(year:month:day:)``).
    case date(Int)
    /// A date and time (UTC), as a day number with a fraction of a day.
    case dateTime(Double)
    case boolean(Bool)

    /// A date, counted as spreadsheets do in the 1900 system: days since 1899-12-30, which makes
    /// every date from 1900-03-01 on agree with Excel's and LibreOffice's serial numbers.
    public static func date(year: Int, month: Int, day: Int) -> Cell {
        .date(daysSinceEpoch(year: year, month: month, day: day))
    }

    public static func dateTime(year: Int, month: Int, day: Int, seconds: Double) -> Cell {
        .dateTime(Double(daysSinceEpoch(year: year, month: month, day: day)) + seconds / 86_400)
    }

    /// Days from 1899-12-30 (the civil-from-days algorithm, proleptic Gregorian).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let unixDays = era * 146_097 + dayOfEra - 719_468
        return unixDays + 25_569
    }
}
