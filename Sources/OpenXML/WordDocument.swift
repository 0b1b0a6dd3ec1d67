/// A Word document (WordprocessingML, ECMA-376): headings in Word's own heading styles, so that
/// Word and LibreOffice build a table of contents from them; paragraphs that keep their line
/// breaks; tables with a header row that repeats on each page; A4 portrait pages. Any Unicode
/// text; what XML cannot hold becomes U+FFFD.
public struct WordDocument: Sendable {
    public enum Block: Sendable, Equatable {
        /// The document's title (the Title style).
        case title(String)
        /// A heading of level 1 to 3 (Heading 1 … Heading 3).
        case heading(Int, String)
        /// Text: a line feed inside it breaks the line; `emphasis` sets it in italics.
        case paragraph(String, emphasis: Bool = false)
        /// A label in bold, then its text on the same line ("Status: on track").
        case labelled(String, String)
        /// A table: the header row (bold, repeated on each page) and the rows.
        case table(header: [String], rows: [[String]])
    }

    public var title: String
    public var blocks: [Block]
    /// When it was made (W3CDTF), for its properties; nil leaves the date out.
    public var created: String?

    public init(title: String, blocks: [Block], created: String? = nil) {
        (self.title, self.blocks, self.created) = (title, blocks, created)
    }

    public enum Failure: Error, Equatable {
        /// Over 4 GiB: more than a ZIP without ZIP64 holds.
        case tooLarge
    }

    static let mainType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    static let stylesType = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    static let namespaces = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

    /// The document as .docx bytes.
    public func docx() throws -> [UInt8] {
        var zip = ZipWriter()
        do {
            try zip.add("[Content_Types].xml", Array(OfficePackage.contentTypes([(name: "/word/document.xml", type: Self.mainType),
                                                                                 (name: "/word/styles.xml", type: Self.stylesType)]).utf8))
            try zip.add("_rels/.rels", Array(OfficePackage.relationships(main: "word/document.xml").utf8))
            try zip.add("docProps/core.xml", Array(OfficePackage.coreProperties(title: title, created: created).utf8))
            try zip.add("docProps/app.xml", Array(OfficePackage.appProperties.utf8))
            try zip.add("word/_rels/document.xml.rels", Array(Self.documentRelationships.utf8))
            try zip.add("word/styles.xml", Array(Self.styles.utf8))
            try zip.add("word/document.xml") { write in
                var buffer = OfficePackage.header + "<w:document \(Self.namespaces)><w:body>"
                for block in blocks {
                    buffer += Self.xml(block)
                    if buffer.utf8.count >= 1 << 16 {
                        try write(Array(buffer.utf8))
                        buffer = ""
                    }
                }
                // The body ends with a paragraph (Word adds one after a last table) and the section:
                // A4 portrait (11906 × 16838 twentieths of a point), margins of 2 cm.
                buffer += "<w:p/><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                    + "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>"
                    + "</w:sectPr></w:body></w:document>"
                try write(Array(buffer.utf8))
            }
            return try zip.finish()
        } catch ZipWriter.Failure.tooLarge {
            throw Failure.tooLarge
        }
    }

    static func xml(_ block: Block) -> String {
        switch block {
        case .title(let text): return paragraph(text, style: "Title")
        case .heading(let level, let text): return paragraph(text, style: "Heading\(min(max(level, 1), 3))")
        case .paragraph(let text, let emphasis): return paragraph(text, style: nil, italic: emphasis)
        case .labelled(let label, let text): return "<w:p>" + run(label + ": ", bold: true) + run(text) + "</w:p>"
        case .table(let header, let rows): return table(header: header, rows: rows)
        }
    }

    static func paragraph(_ text: String, style: String?, italic: Bool = false) -> String {
        "<w:p>" + (style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? "") + run(text, italic: italic) + "</w:p>"
    }

    /// A run of text: line feeds become breaks, tabs tabs; spaces are kept as they are.
    static func run(_ text: String, bold: Bool = false, italic: Bool = false) -> String {
        var out = "<w:r>"
        if bold || italic { out += "<w:rPr>" + (bold ? "<w:b/>" : "") + (italic ? "<w:i/>" : "") + "</w:rPr>" }
        let lines = text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "<w:br/>" }
            for (part, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if part > 0 { out += "<w:tab/>" }
                if !piece.isEmpty { out += "<w:t xml:space=\"preserve\">" + XML.escape(String(piece)) + "</w:t>" }
            }
        }
        return out + "</w:r>"
    }

    static func table(header: [String], rows: [[String]]) -> String {
        let columns = max(header.count, rows.map(\.count).max() ?? 0, 1)
        // The text width of an A4 page with 2 cm margins, shared evenly.
        let width = (11906 - 2 * 1134) / columns
        var out = "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\"/></w:tblPr><w:tblGrid>"
        out += String(repeating: "<w:gridCol w:w=\"\(width)\"/>", count: columns) + "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) -> String {
            var out = "<w:tr>" + (header ? "<w:trPr><w:tblHeader/></w:trPr>" : "")
            for index in 0..<columns {
                let text = index < cells.count ? cells[index] : ""
                out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr><w:p>" + run(text, bold: header) + "</w:p></w:tc>"
            }
            return out + "</w:tr>"
        }
        if !header.isEmpty { out += row(header, header: true) }
        for cells in rows { out += row(cells, header: false) }
        return out + "</w:tbl>"
    }

    static let documentRelationships = OfficePackage.header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        + "</Relationships>"

    /// Word's built-in styles by their built-in names ("heading 1"), which Word and LibreOffice
    /// map to their own headings and outline levels.
    static let styles: String = {
        func heading(_ level: Int, size: Int) -> String {
            #"<w:style w:type="paragraph" w:styleId="Heading\#(level)"><w:name w:val="heading \#(level)"/><w:basedOn w:val="Normal"/>"#
                + #"<w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"#
                + #"<w:spacing w:before="\#(level == 1 ? 360 : 240)" w:after="120"/><w:outlineLvl w:val="\#(level - 1)"/></w:pPr>"#
                + #"<w:rPr><w:b/><w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/></w:rPr></w:style>"#
        }
        let border = #"w:val="single" w:sz="4" w:space="0" w:color="808080""#
        return OfficePackage.header + "<w:styles \(namespaces)>"
            + #"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>"#
            + #"<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>"#
            + #"<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
            + #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
            + #"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>"#
            + #"<w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="48"/><w:szCs w:val="48"/></w:rPr></w:style>"#
            + heading(1, size: 32) + heading(2, size: 26) + heading(3, size: 22)
            + #"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>"#
            + #"<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>"#
            + #"<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#
            + #"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>"#
            + "<w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:tblPr><w:tblBorders><w:top \(border)/><w:left \(border)/>"
            + "<w:bottom \(border)/><w:right \(border)/><w:insideH \(border)/><w:insideV \(border)/></w:tblBorders></w:tblPr></w:style>"
            + "</w:styles>"
    }()
}
