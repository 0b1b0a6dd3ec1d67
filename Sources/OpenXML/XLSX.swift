/// The parts of an .xlsx package and the ZIP that holds them. Strings are written inline in
/// their cells (no shared-string table): every reader handles them, and a sheet is written in
/// one pass.
extension Workbook {
    public enum Failure: Error, Equatable {
        /// Over 4 GiB, or more parts than a ZIP without ZIP64 holds.
        case tooLarge
        /// A sheet has more rows than a spreadsheet can show (``Workbook/maximumRows``).
        case tooManyRows(sheet: String, rows: Int)
    }

    /// The rows of a sheet in Excel and LibreOffice Calc (2^20).
    public static let maximumRows = 1_048_576

    /// The workbook as .xlsx bytes.
    public func xlsx() throws -> [UInt8] {
        var zip = ZipWriter()
        return try Self.write(title: title, created: created, sheets: sheets.map(\.streamed), to: &zip)
    }

    /// Writes the workbook's parts and finishes the archive (its bytes when it is kept in memory);
    /// a ZIP past its limits is ``Failure/tooLarge``, wherever it fails.
    @discardableResult
    static func write(title: String, created: String?, sheets: [StreamedSheet], to archive: inout ZipWriter) throws -> [UInt8] {
        let names = uniqueNames(sheets.map(\.name))
        // A first reading of every sheet: its column widths and its length, checked before anything is written.
        var layouts: [SheetLayout] = []
        for (sheet, name) in zip(sheets, names) {
            let layout = try SheetLayout(sheet)
            let rows = sheet.headerRow + layout.rows + sheet.footer.count
            if rows > maximumRows { throw Failure.tooManyRows(sheet: name, rows: rows) }
            layouts.append(layout)
        }
        do {
            try archive.add("[Content_Types].xml", Array(contentTypes(count: sheets.count).utf8))
            try archive.add("_rels/.rels", Array(OfficePackage.relationships(main: "xl/workbook.xml").utf8))
            try archive.add("docProps/core.xml", Array(OfficePackage.coreProperties(title: title, created: created).utf8))
            try archive.add("docProps/app.xml", Array(OfficePackage.appProperties.utf8))
            try archive.add("xl/workbook.xml", Array(workbookPart(names, ranges: zip(sheets, layouts).map { $0.filterRange(rows: $1.rows) }).utf8))
            try archive.add("xl/_rels/workbook.xml.rels", Array(workbookRelationships(count: sheets.count).utf8))
            try archive.add("xl/styles.xml", Array(Style.part.utf8))
            for (index, (sheet, layout)) in zip(sheets, layouts).enumerated() {
                // A sheet is deflated as it is written, 64 KiB of XML at a time.
                try archive.add("xl/worksheets/sheet\(index + 1).xml") { write in
                    var buffer = ""
                    try sheet.write(layout) { piece in
                        buffer += piece
                        if buffer.utf8.count >= 1 << 16 {
                            try write(Array(buffer.utf8))
                            buffer = ""
                        }
                    }
                    try write(Array(buffer.utf8))
                }
            }
            return try archive.finish()
        } catch is ZipWriter.Failure {
            throw Failure.tooLarge
        }
    }

    private static let header = OfficePackage.header
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static func contentTypes(count: Int) -> String {
        OfficePackage.contentTypes([(name: "/xl/workbook.xml", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]
            + (0..<count).map { (name: "/xl/worksheets/sheet\($0 + 1).xml", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml") }
            + [(name: "/xl/styles.xml", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")])
    }

    private static func workbookPart(_ names: [String], ranges: [CellRange?]) -> String {
        var out = header + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><bookViews><workbookView/></bookViews><sheets>"#
        for (index, name) in names.enumerated() {
            out += #"<sheet name="\#(XML.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        out += "</sheets>"
        // Excel keeps an autofilter's range as this hidden name as well.
        let filtered = zip(names, ranges).enumerated().compactMap { index, named in named.1.map { (index, named.0, $0) } }
        if !filtered.isEmpty {
            out += "<definedNames>"
            for (index, name, range) in filtered {
                let quoted = "'" + name.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
                out += #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(index)" hidden="1">\#(XML.escape(quoted))!\#(range.absolute)</definedName>"#
            }
            out += "</definedNames>"
        }
        return out + "</workbook>"
    }

    private static func workbookRelationships(count: Int) -> String {
        var out = header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 0..<count {
            out += #"<Relationship Id="rId\#(index + 1)" Type="\#(relationships)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        out += #"<Relationship Id="rId\#(count + 1)" Type="\#(relationships)/styles" Target="styles.xml"/>"#
        return out + "</Relationships>"
    }

    /// Sheet names as spreadsheets allow them: at most 31 characters, none of []:*?/\, not
    /// empty, no two alike (case-insensitively).
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map { given in
            var base = String(given.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            while base.hasPrefix("'") { base.removeFirst() }
            if base.isEmpty { base = "Sheet" }
            var name = base
            var number = 2
            while seen.contains(name.lowercased()) {
                let suffix = " (\(number))"
                name = String(base.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            seen.insert(name.lowercased())
            return name
        }
    }
}

// MARK: - Styles

/// The cell formats: each number format plain and bold (totals), the title, and the header
/// (bold, ruled below).
enum Style {
    enum Format: Int, CaseIterable { case general, date, percent, integer, dateTime, text, boolean }

    static func index(_ format: Format, bold: Bool) -> Int { format.rawValue * 2 + (bold ? 1 : 0) }
    static let title = Format.allCases.count * 2
    static let header = title + 1

    static let part: String = {
        let numberFormats: [Format: Int] = [.general: 0, .date: 164, .percent: 165, .integer: 1, .dateTime: 166, .text: 49,
                                            .boolean: 167]
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        out += #"<numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="0.0%"/>"#
        out += #"<numFmt numFmtId="166" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/>"#
        // Excel shows a boolean cell as TRUE or FALSE by itself; LibreOffice needs this format.
        out += #"<numFmt numFmtId="167" formatCode="&quot;TRUE&quot;;&quot;TRUE&quot;;&quot;FALSE&quot;"/></numFmts>"#
        out += #"<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        out += #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        out += #"<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        out += #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        out += #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
        out += #"<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>"#
        out += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        out += #"<cellXfs count="\#(header + 1)">"#
        for format in Format.allCases {
            let id = numberFormats[format] ?? 0
            let apply = id == 0 ? "" : #" applyNumberFormat="1""#
            out += #"<xf numFmtId="\#(id)" fontId="0" fillId="0" borderId="0" xfId="0"\#(apply)/>"#
            out += #"<xf numFmtId="\#(id)" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"\#(apply)/>"#
        }
        out += #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        out += #"<xf numFmtId="49" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyNumberFormat="1"/>"#
        out += "</cellXfs>"
        out += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        return out + "</styleSheet>"
    }()
}

// MARK: - Worksheets

struct CellRange {
    var firstRow: Int
    var lastRow: Int
    var lastColumn: Int

    var relative: String { "A\(firstRow):\(XML.column(lastColumn))\(lastRow)" }
    var absolute: String { "$A$\(firstRow):$\(XML.column(lastColumn))$\(lastRow)" }
}

/// A workbook whose sheets read their rows as they are written: written to a sink in pieces,
/// in the memory of one row, whatever the sheets' lengths (`mawp export --format xlsx`).
public struct StreamedWorkbook {
    public var title: String
    public var created: String?
    public var sheets: [StreamedSheet]

    public init(title: String, created: String?, sheets: [StreamedSheet]) {
        self.title = title
        self.created = created
        self.sheets = sheets
    }

    /// The .xlsx bytes, to `sink` in pieces. Nothing is written when a sheet has more rows
    /// than a spreadsheet holds (``Workbook/Failure/tooManyRows(sheet:rows:)``).
    public func write(to sink: @escaping ([UInt8]) throws -> Void) throws {
        var zip = ZipWriter(sink: sink)
        try Workbook.write(title: title, created: created, sheets: sheets, to: &zip)
    }
}

/// A sheet as ``StreamedWorkbook`` writes it: lines about it, a
/// header, rows that `rows` reads (twice: once for the column widths and the length, once to
/// write them) and bold `footer` rows.
public struct StreamedSheet {
    public var name: String
    public var about: [[Cell]]
    public var header: [String]
    public var footer: [[Cell]]
    public var rows: (_ row: ([Cell]) throws -> Void) throws -> Void

    public init(name: String, about: [[Cell]] = [], header: [String], footer: [[Cell]] = [],
                rows: @escaping (_ row: ([Cell]) throws -> Void) throws -> Void) {
        self.name = name
        self.about = about
        self.header = header
        self.footer = footer
        self.rows = rows
    }

    /// The 1-based row of the header: after the lines about the sheet and a blank row.
    var headerRow: Int { about.isEmpty ? 1 : about.count + 2 }

    /// The header and the rows below it (the totals stay out, so sorting leaves them last).
    func filterRange(rows: Int) -> CellRange? {
        header.isEmpty ? nil : CellRange(firstRow: headerRow, lastRow: headerRow + rows, lastColumn: header.count - 1)
    }
}

extension Sheet {
    /// The sheet, its rows read from the array.
    var streamed: StreamedSheet {
        let rows = self.rows
        return StreamedSheet(name: name, about: about, header: header, footer: footer) { row in
            for cells in rows { try row(cells) }
        }
    }
}

/// What the first reading of a sheet finds: how many rows it has, how wide its table is and
/// how wide each column should be.
struct SheetLayout {
    var rows = 0
    var width: Int
    var columnWidths: [Int]

    /// Each column wide enough for the header and the longest value, between 8 and 60
    /// characters; of the lines about the sheet, only the values count (a date), not their
    /// text, which may run on.
    init(_ sheet: StreamedSheet) throws {
        var widths = [Int](repeating: 8, count: 0)
        func widen(_ index: Int, _ value: Int) {
            while widths.count <= index { widths.append(8) }
            widths[index] = max(widths[index], value)
        }
        for (index, title) in sheet.header.enumerated() { widen(index, title.count + 3) }
        for cells in sheet.about {
            for (index, cell) in cells.enumerated() {
                if case .text = cell { widen(index, 8); continue }
                widen(index, cell.displayWidth + 2)
            }
        }
        var rows = 0
        try sheet.rows { cells in
            rows += 1
            for (index, cell) in cells.enumerated() { widen(index, cell.displayWidth + 2) }
        }
        for cells in sheet.footer {
            for (index, cell) in cells.enumerated() { widen(index, cell.displayWidth + 2) }
        }
        self.rows = rows
        width = max(widths.count, 1)
        columnWidths = (widths + [Int](repeating: 8, count: max(0, 1 - widths.count))).map { min($0, 60) }
    }
}

extension StreamedSheet {
    /// The worksheet's XML, in pieces; the rows are read again as they are written.
    func write(_ layout: SheetLayout, _ emit: (String) throws -> Void) throws {
        let lastRow = headerRow + layout.rows + footer.count
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        out += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        out += #"<dimension ref="A1:\#(XML.column(layout.width - 1))\#(lastRow)"/>"#
        // The header row stays in view while the rows scroll.
        let top = "A\(headerRow + 1)"
        out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="\#(headerRow)" topLeftCell="\#(top)" activePane="bottomLeft" state="frozen"/>"#
        out += #"<selection pane="bottomLeft" activeCell="\#(top)" sqref="\#(top)"/></sheetView></sheetViews>"#
        out += #"<sheetFormatPr defaultRowHeight="15"/><cols>"#
        for (index, width) in layout.columnWidths.enumerated() {
            out += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
        }
        out += "</cols><sheetData>"
        for (index, cells) in about.enumerated() {
            out += Self.row(index + 1, cells) { column, _ in index == 0 && column == 0 ? Style.title : nil }
        }
        if !header.isEmpty {
            out += Self.row(headerRow, header.map { .text($0) }) { _, _ in Style.header }
        }
        try emit(out)
        out = ""
        var number = headerRow
        try rows { cells in
            number += 1
            // The rows are read again: one that was not there at the first reading would not fit the layout.
            guard number <= headerRow + layout.rows else { return }
            try emit(Self.row(number, cells) { _, _ in nil })
        }
        for (index, cells) in footer.enumerated() {
            out += Self.row(headerRow + 1 + layout.rows + index, cells, bold: true) { _, _ in nil }
        }
        out += "</sheetData>"
        if let range = filterRange(rows: layout.rows) { out += #"<autoFilter ref="\#(range.relative)"/>"# }
        out += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        out += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        try emit(out + "</worksheet>")
    }

    private static func row(_ number: Int, _ cells: [Cell], bold: Bool = false, style: (Int, Cell) -> Int?) -> String {
        var out = #"<row r="\#(number)">"#
        for (column, cell) in cells.enumerated() {
            out += XML.cell(cell, reference: XML.column(column) + String(number), style: style(column, cell), bold: bold)
        }
        return out + "</row>"
    }
}

extension Cell {
    /// About how many characters the cell shows.
    var displayWidth: Int {
        switch self {
        case .empty: return 0
        case .text(let text): return text.count
        case .number(let value): return min(String(value).count, 15)
        case .integer(let value): return String(value).count
        case .percent: return 7
        case .date: return 10
        case .dateTime: return 19
        case .boolean: return 5
        }
    }
}

/// What only the workbook needs of XML: its cells, column letters and numbers.
extension XML {
    /// Text as it is: spreadsheets read `_xHHHH_` in a cell as the character U+HHHH (ECMA-376's
    /// ST_Xstring), so where text holds those characters itself, its `_` is written `_x005F_`.
    static func literal(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                out.append(contentsOf: "_x005F_".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A, B, …, Z, AA, AB, …
    static func column(_ index: Int) -> String {
        var index = index
        var letters: [Character] = []
        repeat {
            letters.insert(Character(Unicode.Scalar(UInt8(65 + index % 26))), at: 0)
            index = index / 26 - 1
        } while index >= 0
        return String(letters)
    }

    /// A cell can hold at most 32,767 characters; longer text is cut there.
    static let maximumText = 32_767

    static func cell(_ cell: Cell, reference: String, style explicit: Int?, bold: Bool) -> String {
        func styled(_ format: Style.Format) -> String {
            let index = explicit ?? Style.index(format, bold: bold)
            return index == 0 ? "" : #" s="\#(index)""#
        }
        switch cell {
        case .empty:
            return ""
        case .text(let text):
            var text = text
            if text.utf16.count > maximumText { text = String(text.utf16.prefix(maximumText)) ?? String(text.prefix(maximumText / 2)) }
            return #"<c r="\#(reference)"\#(styled(.general)) t="inlineStr"><is><t xml:space="preserve">\#(escape(literal(text)))</t></is></c>"#
        case .number(let value):
            guard value.isFinite else { return "" }
            return #"<c r="\#(reference)"\#(styled(.general))><v>\#(number(value))</v></c>"#
        case .integer(let value):
            return #"<c r="\#(reference)"\#(styled(.integer))><v>\#(value)</v></c>"#
        case .percent(let value):
            guard value.isFinite else { return "" }
            return #"<c r="\#(reference)"\#(styled(.percent))><v>\#(number(value))</v></c>"#
        case .date(let serial):
            return #"<c r="\#(reference)"\#(styled(.date))><v>\#(serial)</v></c>"#
        case .dateTime(let serial):
            guard serial.isFinite else { return "" }
            return #"<c r="\#(reference)"\#(styled(.dateTime))><v>\#(number(serial))</v></c>"#
        case .boolean(let value):
            return #"<c r="\#(reference)"\#(styled(.boolean)) t="b"><v>\#(value ? 1 : 0)</v></c>"#
        }
    }

    /// The shortest decimal that reads back as the same double; whole numbers without ".0".
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
