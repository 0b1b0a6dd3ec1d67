import Foundation
import Testing
@testable import WorkPlan

/// Opens a file holding `bytes` and passes its descriptor.
func withFile<T>(_ bytes: [UInt8], _ body: (Int32) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-reader-\(UUID().uuidString)").path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    return try body(fd)
}

func tokens(_ text: String) throws -> [(JSONReader.Token, Int)] {
    try withFile(Array(text.utf8)) { fd in
        var reader = JSONReader(fd: fd)
        var all: [(JSONReader.Token, Int)] = []
        while true {
            let token = try reader.next()
            all.append((token, reader.line))
            if token == .end { return all }
        }
    }
}

func syntaxError(_ bytes: [UInt8]) -> JSONReader.SyntaxError? {
    do {
        try withFile(bytes) { fd in
            var reader = JSONReader(fd: fd)
            while try reader.next() != .end {}
        }
        return nil
    } catch let error as JSONReader.SyntaxError {
        return error
    } catch {
        return nil
    }
}

@Suite struct JSONReaderTests {
    @Test func tokensCarryTheirLines() throws {
        let all = try tokens("{\n  \"a\": [1, -2.5e3, true,\n  null, \"x\\n\\u00e9\\ud83d\\ude00\"],\n  \"b\": {}\n}\n")
        #expect(all.map(\.0) == [.beginObject, .key("a"), .beginArray, .number(1, integer: 1), .number(-2500, integer: nil),
                                 .bool(true), .null, .string("x\né😀"), .endArray, .key("b"), .beginObject, .endObject,
                                 .endObject, .end])
        #expect(all.map(\.1) == [1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 6])
    }

    @Test(arguments: [
        ("{\"a\":1,}", "a trailing comma"),
        ("[1,]", "a trailing comma"),
        ("{\"a\" 1}", "expected ':'"),
        ("{\"a\":01}", "is not a JSON number"),
        ("{\"a\":1.}", "is not a JSON number"),
        ("{\"a\":\"\\x\"}", "an invalid escape"),
        ("{\"a\":\"\\ud800\"}", "an unpaired surrogate"),
        ("{\"a\":\"tab\there\"}", "a control character"),
        ("{\"a\":tru}", "expected 'true'"),
        ("{\"a\":1} {", "unexpected text after the end"),
        ("[1, 2", "the file ends in the middle of an array"),
        ("", "the file is empty"),
        ("{'a': 1}", "expected a key in double quotes"),
        ("[NaN]", "expected a value"),
    ])
    func malformedJSONIsRefusedWithAMessage(_ text: String, _ message: String) {
        let error = syntaxError(Array(text.utf8))
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(syntaxError([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D])?.message == "a string that is not valid UTF-8")
        #expect(syntaxError(Array(String(repeating: "[", count: 100_000).utf8))?.message == "nesting deeper than 64 levels")
        let long = [0x22] + [UInt8](repeating: 0x61, count: JSONReader.maxStringBytes + 10) + [0x22]
        #expect(syntaxError(long)?.message.contains("a string longer than") == true)
    }

    @Test func randomBytesNeverCrashTheReader() throws {
        var generator = SplitMix(seed: 7)
        let alphabet = Array("{}[]\",:0123456789-.eE truefalsenull\\u\n\t".utf8) + [0x00, 0xC3, 0xFF, 0x80]
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = syntaxError(bytes) // either parses or throws a SyntaxError: no crash, no hang
        }
    }
}

@Suite struct CSVReaderTests {
    func records(_ text: String) throws -> [(Int, [String])] {
        try withFile(Array(text.utf8)) { fd in
            var reader = CSVReader(fd: fd)
            var all: [(Int, [String])] = []
            while let record = try reader.next() { all.append((record.line, record.fields)) }
            return all
        }
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let all = try records("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\n")
        #expect(all.map(\.0) == [1, 2, 5])
        #expect(all[1].1 == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(all[2].1 == ["last", "", ""])
    }

    @Test func brokenCSVIsRefusedWithItsLine() {
        func error(_ text: String) -> CSVReader.SyntaxError? {
            do { _ = try records(text); return nil } catch let error as CSVReader.SyntaxError { return error } catch { return nil }
        }
        #expect(error("a\n\"open")?.line == 2)
        #expect(error("a\n\"open")?.message.contains("ends inside a quoted field") == true)
        #expect(error("a\nb\"c\n")?.message.contains("a quote inside an unquoted field") == true)
        #expect(error("a\n\"x\"y\n")?.message.contains("text after the closing quote") == true)
    }
}
