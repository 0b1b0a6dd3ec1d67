/// What every Office Open XML package (an .xlsx, a .docx) holds besides its own parts: the
/// content types, the package's relationships and its properties (ECMA-376 Part 2).
enum OfficePackage {
    static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    /// `[Content_Types].xml`: the parts by name, each with its content type.
    static func contentTypes(_ parts: [(name: String, type: String)]) -> String {
        var out = header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        out += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        out += #"<Default Extension="xml" ContentType="application/xml"/>"#
        for part in parts { out += #"<Override PartName="\#(part.name)" ContentType="\#(part.type)"/>"# }
        out += #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
        out += #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
        return out + "</Types>"
    }

    /// `_rels/.rels`: the main part (`xl/workbook.xml`, `word/document.xml`) and the properties.
    static func relationships(main: String) -> String {
        header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="\#(main)"/>"#
            + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
            + #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#
            + "</Relationships>"
    }

    static let appProperties = header
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>mawp</Application></Properties>"#

    /// `docProps/core.xml`: the title, mawp as the creator, and when it was made.
    static func coreProperties(title: String, created: String?) -> String {
        var out = header + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
        out += "<dc:title>\(XML.escape(title))</dc:title><dc:creator>mawp</dc:creator>"
        if let created {
            out += #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(XML.escape(created))</dcterms:created>"#
        }
        return out + "</cp:coreProperties>"
    }
}
