import RTSP
import SeededRandom
import Testing

@Suite("SessionHeader")
struct SessionHeaderTests {
    @Test(
        "lenient input → value → canonical rendering",
        arguments: [
            ("12345678", SessionHeader(id: "12345678"), "12345678"),
            ("12345678;timeout=60", SessionHeader(id: "12345678", timeout: 60), "12345678;timeout=60"),
            (" 4F2A9C1B ; Timeout = 30 ", SessionHeader(id: "4F2A9C1B", timeout: 30), "4F2A9C1B;timeout=30"),
            ("0456804596", SessionHeader(id: "0456804596"), "0456804596"),
            ("ABCD;foo=bar;timeout=5", SessionHeader(id: "ABCD", timeout: 5), "ABCD;timeout=5"),
            ("a$-_.+b;", SessionHeader(id: "a$-_.+b"), "a$-_.+b"),
        ]
    )
    func parse(input: String, expected: SessionHeader, canonical: String) throws {
        let header = try SessionHeader(parsing: input)
        #expect(header == expected)
        #expect(header.rendered == canonical)
        #expect(try SessionHeader(parsing: canonical) == expected)
    }

    @Test(
        "bad values throw 400",
        arguments: [
            "", "   ", ";timeout=60", "12 34", "AB,CD", "ABCD;timeout=abc", "ABCD;timeout=-1", "ABCD;timeout=",
            "ABCD;timeout", "ABCD;timeout=99999999999",
        ]
    )
    func errors(input: String) {
        let error = #expect(throws: RTSPParseError.self) { try SessionHeader(parsing: input) }
        #expect(error?.status == .badRequest)
    }

    @Test("fixed-seed garbage never traps, and whatever parses round-trips")
    func garbage() {
        var generator = SeededGenerator(seed: 1237)
        let pieces = ["A", "9", ";", "=", " ", "timeout", "Timeout", "60", "-", "\"", ",", "\t", "ß", "4294967296"]
        for _ in 0..<3000 {
            let input = (0..<Int.random(in: 0...10, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            guard let header = try? SessionHeader(parsing: input) else { continue }
            #expect((try? SessionHeader(parsing: header.rendered)) == header, "\(input)")
        }
    }
}
