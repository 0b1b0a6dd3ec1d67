import Hummingbird
import NIOCore
import WorkPlan

/// A request's query, read strictly: a value that does not parse is a 400 naming it.
struct Query {
    let request: Request

    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// A value parsed by WorkPlan's one parser of its kind: one that is not is 400 naming it.
    private func parsed<T>(_ name: String, _ parse: (String, String) throws -> T) throws -> T? {
        try string(name).map { text in try Body.planned({ try parse(text, name) }, status: .badRequest) }
    }

    func day(_ name: String) throws -> Day? { try parsed(name, Values.date) }
    func moment(_ name: String) throws -> RecordedTime? { try parsed(name, Values.recordedTime) }
    func group(_ name: String = "group") throws -> String? { try parsed(name, Values.group) }
    func agency(_ name: String = "agency") throws -> String? { try parsed(name, Values.agency) }
    func activity(_ name: String) throws -> ActivityRef? { try parsed(name, Values.activity) }
    func period(_ name: String) throws -> String? { try parsed(name, Values.period) }

    /// A page of a long list: a whole number from 1 (1 when not given).
    func page(_ name: String = "page") throws -> Int {
        guard let text = string(name) else { return 1 }
        guard text.utf8.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(text), number >= 1 else {
            throw Problem(.badRequest, "\(name): '\(text.prefix(40))' is not a page number (1 or more)", field: name)
        }
        return number
    }

    func flag(_ name: String) throws -> Bool {
        switch string(name) {
        case nil, "false"?, "0"?: return false
        case "true"?, "1"?: return true
        case let text?: throw Problem(.badRequest, "\(name): '\(text)' is not true or false", field: name)
        }
    }

    func all(_ name: String) -> [String] {
        request.uri.queryParameters.getAll(name).map { String($0) }
    }

    /// `asOf` and `asRecorded` as the CLI takes them: the date defaults to the moment's.
    func asOf() throws -> (day: Day, recorded: RecordedTime?) {
        let recorded = try moment("asRecorded")
        return (try day("asOf") ?? recorded?.day ?? .today(), recorded)
    }
}

/// A JSON request body, read strictly: an object whose keys are the CLI's option names, each of
/// its type. Malformed JSON is 400; an unknown key or a value of the wrong type or form is 422.
struct Body {
    private var members: [String: JSON] = [:]
    private(set) var keys: Set<String> = []

    static func read(_ request: Request, context: some RequestContext, allowed: Set<String>) async throws -> Body {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { String($0).trimmingWhitespace().lowercased() }
        guard type == "application/json" else {
            throw Problem(.unsupportedMediaType, "the body must be JSON (Content-Type: application/json)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(.contentTooLarge, "the body is larger than \(context.maxUploadSize / 1024) KiB")
        }
        // JSON is UTF-8 (RFC 8259): bytes that are not are refused, never turned into U+FFFD.
        guard let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes),
              let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem(.badRequest, "the body is not valid UTF-8")
        }
        guard let json = JSON.parse(text) else {
            throw Problem(.badRequest, "the body is not valid JSON")
        }
        guard case .object(let list) = json else { throw Problem(.badRequest, "the body must be a JSON object") }
        var body = Body()
        for member in list {
            guard allowed.contains(member.key) else {
                throw Problem(.unprocessableContent, "unknown field '\(member.key)' (the fields are \(allowed.sorted().joined(separator: ", ")))",
                              field: member.key)
            }
            guard body.members[member.key] == nil else { throw Problem(.badRequest, "the field '\(member.key)' appears twice") }
            body.members[member.key] = member.value
            body.keys.insert(member.key)
        }
        return body
    }

    func has(_ key: String) -> Bool { keys.contains(key) }

    /// One of an enumeration's values, by its name (`"measure": "unit"`).
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) throws -> Choice? where Choice.RawValue == String {
        try text(key).map { text in
            guard let value = Choice(rawValue: text) else {
                throw Problem(.unprocessableContent, "\(key): '\(text)' is not one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))",
                              field: key)
            }
            return value
        }
    }

    /// Runs a check of the plan's value rules (``Values``); what it refuses is a problem of
    /// `status` naming the field.
    static func planned<T>(_ check: () throws -> T, status: HTTPResponse.Status = .unprocessableContent) throws -> T {
        do {
            return try check()
        } catch let error as PlanError {
            throw Problem(status, error.description, field: error.field)
        }
    }

    /// A number (a JSON number, not a string), within the plan's range (``Values/numberLimit``).
    func number(_ key: String) throws -> Double? {
        switch members[key] {
        case nil, .null?: return nil
        case .int(let number)?: return try Body.planned { try Values.checked(Double(number), field: key, text: String(number)) }
        case .double(let number)?: return try Body.planned { try Values.checked(number, field: key) }
        default: throw wrong(key, "a number")
        }
    }

    /// A whole number (a JSON number without a fraction).
    func integer(_ key: String) throws -> Int? {
        switch members[key] {
        case nil, .null?: return nil
        case .int(let number)?: return number
        default: throw wrong(key, "a whole number")
        }
    }

    /// true or false (a JSON boolean, not a string).
    func flag(_ key: String) throws -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw wrong(key, "true or false")
        }
    }

    /// An indicator's value as given: a JSON number, or text (for a qualitative indicator).
    func indicatorValue(_ key: String) throws -> IndicatorValue? {
        switch members[key] {
        case nil, .null?: return nil
        case .string?: return try text(key).map { .text($0) }
        case .int?, .double?: return try number(key).map { .number($0) }
        default: throw wrong(key, "a number (or text, for a qualitative indicator)")
        }
    }

    private func wrong(_ key: String, _ expected: String) -> Problem {
        Problem(.unprocessableContent, "\(key): expected \(expected)", field: key)
    }

    /// Text (or absent, or null: nil). Whether it may be blank is the plan's rule (a title or
    /// a name may not), or the flow's (a password).
    func text(_ key: String) throws -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            return text
        default: throw wrong(key, "a string")
        }
    }

    func required(_ key: String) throws -> String {
        guard let text = try text(key) else { throw Problem(.unprocessableContent, "\(key) is required", field: key) }
        return text
    }

    /// A text parsed by WorkPlan's one parser of its kind: one that is not is 422 naming it.
    private func parsed<T>(_ key: String, _ parse: (String, String) throws -> T) throws -> T? {
        try text(key).map { text in try Body.planned { try parse(text, key) } }
    }

    func day(_ key: String) throws -> Day? { try parsed(key, Values.date) }
    func period(_ key: String) throws -> String? { try parsed(key, Values.period) }
    func status(_ key: String) throws -> UpdateStatus? { try parsed(key, Values.status) }
    func agency(_ key: String) throws -> String? { try parsed(key, Values.agency) }
    func group(_ key: String) throws -> String? { try parsed(key, Values.group) }

    /// An array whose every item `item` takes (nil: it is not what `expected` says).
    private func array<T>(_ key: String, of expected: String, _ item: (JSON) -> T?) throws -> [T]? {
        switch members[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { value in
                guard let taken = item(value) else { throw wrong(key, expected) }
                return taken
            }
        default: throw wrong(key, expected)
        }
    }

    func strings(_ key: String) throws -> [String]? {
        try array(key, of: "an array of strings") { if case .string(let text) = $0 { text } else { nil } }
    }

    func agencies(_ key: String) throws -> [String]? {
        try strings(key).map { list in
            try list.map { text in try Body.planned { try Values.agency(text, field: key) } }
        }
    }

    /// Agenda points by number; which numbers the agenda has is the plan's to say (its table).
    func agenda(_ key: String) throws -> [Int]? {
        try array(key, of: "an array of agenda points, numbers") { if case .int(let number) = $0 { number } else { nil } }
    }

    func links(_ key: String) throws -> [PointRef]? {
        try strings(key).map { list in
            try list.map { text in try Body.planned { try Values.point(text, field: key) } }
        }
    }
}
