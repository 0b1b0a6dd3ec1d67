import Crypto
import Secrets
import Testing

/// The SHA-256 that keeps tokens (Secrets' own: the CLI links no swift-crypto) against NIST's
/// examples (FIPS 180-4, the CAVP short and long messages) and against swift-crypto's on
/// messages of every length up to three blocks and random ones.
@Suite struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    @Test func nistExamples() {
        #expect(SecretHash.fast("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SecretHash.fast("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretHash.fast("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex(SecretHash.sha256([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func theSameAsSwiftCrypto() {
        var generator = SystemRandomNumberGenerator()
        var messages: [[UInt8]] = (0...192).map { length in (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        messages += (0..<50).map { _ in (0..<Int.random(in: 0...5000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        for message in messages {
            #expect(SecretHash.sha256(message) == Array(Crypto.SHA256.hash(data: message)), "\(message.count) bytes")
        }
        let token = "mawp_12_" + String(repeating: "ab", count: 32)
        #expect(SecretHash.fast(token) == Self.hex(Array(Crypto.SHA256.hash(data: Array(token.utf8)))))
    }
}
