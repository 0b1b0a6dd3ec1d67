import Hummingbird
import NIOCore
import WorkPlan

/// A web form's body (application/x-www-form-urlencoded), read strictly, and its fields read
/// as the plan's values. A mistake is a ``FormError``, shown beside the form.
enum FormInput {
    /// The field every form carries.
    struct Token: Decodable {
        var csrf: String?
    }

    /// Reads the body as `Form`, keeping it in `request` for the next reader: larger than the
    /// limit is 413; a field twice, malformed percent-encoding or text that is not UTF-8 is
    /// 400. Nothing is changed either way.
    static func read<Form: Decodable>(_ type: Form.Type, _ request: inout Request, _ context: some RequestContext) async throws -> Form {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw Problem(.contentTooLarge, "The form is larger than \(context.maxUploadSize / 1024) KiB; nothing was changed.")
        }
        guard let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes),
              let text = String(validating: bytes, as: UTF8.self), wellFormed(text),
              let form = try? URLEncodedFormDecoder().decode(Form.self, from: text) else {
            throw Problem(.badRequest, "The form could not be read (a field given twice, or malformed encoding); nothing was changed.")
        }
        return form
    }

    static func read<Form: Decodable>(_ type: Form.Type, _ request: Request, _ context: some RequestContext) async throws -> Form {
        var request = request
        return try await read(type, &request, context)
    }

    /// Whether an urlencoded body names each field once and every `%` starts an escape of two
    /// hex digits, whose bytes are UTF-8 (the decoder would take the last of two values, or
    /// guess at a broken escape).
    static func wellFormed(_ body: String) -> Bool {
        var names = Set<Substring>()
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let name = pair.prefix { $0 != "=" }
            guard names.insert(name).inserted else { return false }
            var bytes: [UInt8] = []
            var escape = pair.utf8.makeIterator()
            while let byte = escape.next() {
                guard byte == UInt8(ascii: "%") else { bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte); continue }
                guard let high = escape.next().flatMap(hexValue), let low = escape.next().flatMap(hexValue) else { return false }
                bytes.append(high << 4 | low)
            }
            guard String(validating: bytes, as: UTF8.self) != nil else { return false }
        }
        return true
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    // MARK: - Fields

    /// A field parsed by WorkPlan's one parser of its kind: one that is not is the form's
    /// mistake, in the plan's words.
    private static func parsed<T>(_ text: String, _ label: String, _ parse: (String, String) throws -> T) throws -> T {
        do {
            return try parse(text, label)
        } catch let error as PlanError {
            throw FormError(message: error.description + ".")
        }
    }

    /// A form's date field: empty is none, anything else must be a date in the plan's years.
    static func day(_ text: String?, _ label: String) throws -> Day? {
        guard let text, !text.isEmpty else { return nil }
        return try parsed(text, label, Values.date)
    }

    /// A form's agency field (blank: none).
    static func agency(_ text: String?) throws -> String? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        return try parsed(text, "", Values.agency)
    }

    /// A form's list of agencies, separated by commas.
    static func agencies(_ text: String?) throws -> [String] {
        try (text ?? "").split(separator: ",").compactMap { try agency(String($0).trimmingWhitespace()) }
    }

    /// A form's optional text (blank: none).
    static func text(_ text: String?) -> String? {
        text.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A textarea's text as written: browsers send its line breaks as CRLF (HTML's form
    /// encoding), which the plan keeps as newlines.
    static func longText(_ text: String?) -> String? {
        text?.replacing("\r\n", with: "\n")
    }

    /// A form's status of an update (empty: not given).
    static func status(_ text: String?) throws -> UpdateStatus? {
        guard let text, !text.isEmpty else { return nil }
        return try parsed(text, "Status", Values.status)
    }
}

/// A form's mistake, shown beside the form.
struct FormError: Error {
    let message: String
}
