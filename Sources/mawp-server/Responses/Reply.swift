import Hummingbird
import NIOCore
import Rendering
import OpenXML
import WorkPlan

/// The answers the server gives, each one way: JSON (the CLI's `--format json`), text of a
/// format, a page, a redirect, a download.
enum Reply {
    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: value.serialized(pretty: true) + "\n")))
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 to `location` (post/redirect/get).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// 201 with the new thing's reference and its address.
    static func created(_ members: [String: JSON], location: String) -> Response {
        var response = json(.object(members.map { JSON.Member($0.key, $0.value) }), status: .created)
        response.headers[.location] = location
        return response
    }

    /// 200 with `{"ref", "changed", "message"}`: what a change did, or why it changed nothing.
    static func outcome(_ outcome: ChangeOutcome, ref: String) -> Response {
        switch outcome {
        case .changed: return json(.object(["ref": .string(ref), "changed": .bool(true)]))
        case .unchanged(let reason): return json(.object(["ref": .string(ref), "changed": .bool(false), "message": .string(reason)]))
        }
    }

    /// A .docx download, named for what it holds.
    static func document(_ document: WordDocument, name: String) throws -> Response {
        guard let bytes = try? document.docx() else { throw Problem(.notAcceptable, "this document is too large for a .docx file") }
        return Response(status: .ok, headers: [.contentType: AnswerFormat.wordType, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(name).docx\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An .xlsx download, named for what it holds.
    static func spreadsheet(_ workbook: Workbook, name: String) throws -> Response {
        let bytes: [UInt8]
        do {
            bytes = try workbook.xlsx()
        } catch {
            throw Problem(.notAcceptable, "this has more rows than a spreadsheet holds: ask for text/csv or application/json")
        }
        return Response(status: .ok, headers: [.contentType: AnswerFormat.spreadsheetType, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(name).xlsx\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The format a client asks the report or the slippage in (Rendering's ``AnswerFormat``): by
/// `format=` (for a link, which cannot set a header) or `Accept`. Text for a terminal is the
/// CLI's, not offered here.
extension AnswerFormat {
    var contentType: String {
        switch self {
        case .json: return "application/json"
        case .csv: return "text/csv; charset=utf-8"
        case .markdown: return "text/markdown; charset=utf-8"
        case .html: return "text/html; charset=utf-8"
        case .xlsx: return Self.spreadsheetType
        case .docx: return Self.wordType
        case .text: return "text/plain; charset=utf-8"
        }
    }

    static let spreadsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let wordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    /// What the progress report and the slippage come in.
    static let offered: [AnswerFormat] = [.json, .csv, .markdown, .html, .xlsx]
    /// What a period's compiled report comes in.
    static let offeredForPeriods: [AnswerFormat] = [.json, .markdown, .html, .xlsx, .docx]

    /// JSON unless the query or `Accept` names another format of `offered`.
    init(_ request: Request, offered: [AnswerFormat] = AnswerFormat.offered) throws {
        let names = offered.map(\.rawValue)
        let list = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        if let asked = request.uri.queryParameters.get("format") {
            guard let format = AnswerFormat(rawValue: asked.lowercased()), offered.contains(format) else {
                throw Problem(.badRequest, "format must be \(list)", field: "format")
            }
            self = format
            return
        }
        guard let accept = request.headers[.accept]?.lowercased() else {
            self = .json
            return
        }
        let types = accept.split(separator: ",").map { $0.split(separator: ";").first.map { String($0).trimmingWhitespace() } ?? "" }
        for type in types {
            switch type {
            case "application/json", "application/*", "*/*": self = .json
            case "text/csv": self = .csv
            case "text/markdown": self = .markdown
            case "text/html": self = .html
            case Self.spreadsheetType: self = .xlsx
            case Self.wordType: self = .docx
            default: continue
            }
            guard offered.contains(self) else { continue }
            return
        }
        throw Problem(.notAcceptable, "this comes as " + offered.map(\.contentType).joined(separator: ", "))
    }
}
