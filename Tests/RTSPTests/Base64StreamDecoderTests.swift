import SeededRandom
import Testing

@testable import RTSP

/// The tunnel POST's base64: RFC 4648 §10's vectors whole, byte at a time and split at every point; messages
/// padded one by one and sent back to back, as ffmpeg does; and garbage, which throws with its offset.
@Suite struct Base64StreamDecoderTests {
    /// RFC 4648 §10.
    static let vectors: [(encoded: String, decoded: String)] = [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"), ("Zm9vYmFy", "foobar"),
    ]

    static func decode(_ pieces: [String]) throws(Base64StreamDecoder.DecodingError) -> String {
        var decoder = Base64StreamDecoder()
        var output: [UInt8] = []
        for piece in pieces { try decoder.decode(Array(piece.utf8), into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    @Test func rfc4648VectorsWholeAndByteAtATime() throws {
        for (encoded, decoded) in Self.vectors {
            #expect(try Self.decode([encoded]) == decoded)
            #expect(try Self.decode(encoded.map { String($0) }) == decoded)
        }
    }

    @Test func splitAtEveryPointOfARequest() throws {
        let request = "OPTIONS rtsp://127.0.0.1:8080/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n"
        let encoded = "T1BUSU9OUyBydHNwOi8vMTI3LjAuMC4xOjgwODAvY2FtIFJUU1AvMS4wDQpDU2VxOiAxDQoNCg=="
        for split in 0...encoded.count {
            let index = encoded.index(encoded.startIndex, offsetBy: split)
            #expect(try Self.decode([String(encoded[..<index]), String(encoded[index...])]) == request)
        }
    }

    /// ffmpeg encodes every request on its own, so padding sits between messages, not only at the end.
    @Test func separatelyPaddedMessagesBackToBack() throws {
        #expect(try Self.decode(["Zg==Zm8=Zm9v", "Zg=", "=Zg=="]) == "ffofooff")
        var decoder = Base64StreamDecoder()
        var output: [UInt8] = []
        try decoder.decode(Array("Zm8".utf8), into: &output)
        #expect(!decoder.isAtQuantumBoundary)
        try decoder.decode(Array("=".utf8), into: &output)
        #expect(decoder.isAtQuantumBoundary && output == Array("fo".utf8))
    }

    @Test func lineBreaksAndSpacesAreSkipped() throws {
        #expect(try Self.decode(["Zm9v\r\nYmFy", " Zg==\n"]) == "foobarf")
    }

    @Test func garbageThrowsWithItsOffset() {
        #expect(throws: Base64StreamDecoder.DecodingError.invalidCharacter(0x21, at: 4)) { try Self.decode(["Zm9v!"]) }
        #expect(throws: Base64StreamDecoder.DecodingError.invalidCharacter(0x2D, at: 5)) { try Self.decode(["Zm9", "vY-"]) }
        #expect(throws: Base64StreamDecoder.DecodingError.misplacedPadding(at: 1)) { try Self.decode(["Z==="]) }
        #expect(throws: Base64StreamDecoder.DecodingError.misplacedPadding(at: 0)) { try Self.decode(["="]) }
        #expect(throws: Base64StreamDecoder.DecodingError.missingPadding(at: 3)) { try Self.decode(["Zg=x"]) }
        #expect(
            Base64StreamDecoder.DecodingError.invalidCharacter(0x21, at: 4).description == "byte 0x21 at offset 4 is not base64")
    }

    /// Any bytes at all: a value or a thrown error, never a trap; output never more than ¾ of the input.
    @Test func randomBytesNeverTrap() {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var decoder = Base64StreamDecoder()
            var output: [UInt8] = []
            _ = try? decoder.decode(bytes, into: &output)
            #expect(output.count <= bytes.count * 3 / 4 + 1)
        }
    }
}
