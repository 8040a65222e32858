import RTSP
import SeededRandom
import Testing

@Suite("RangeHeader")
struct RangeHeaderTests {
    @Test(
        "lenient input → value → canonical rendering",
        arguments: [
            ("npt=0-", RangeHeader(start: .seconds(0)), "npt=0.000-"),
            ("npt=0.000-", RangeHeader(start: .seconds(0)), "npt=0.000-"),
            ("npt=now-", RangeHeader(start: .now), "npt=now-"),
            ("NPT = 10.5 - 20", RangeHeader(start: .seconds(10.5), end: .seconds(20)), "npt=10.500-20.000"),
            ("npt=-20", RangeHeader(start: nil, end: .seconds(20)), "npt=-20.000"),
            ("npt=1.-", RangeHeader(start: .seconds(1)), "npt=1.000-"),
            ("npt=0:01:02.5-", RangeHeader(start: .seconds(62.5)), "npt=62.500-"),
            (
                "npt=1:00:00-1:30:00.25", RangeHeader(start: .seconds(3600), end: .seconds(5400.25)),
                "npt=3600.000-5400.250"
            ),
            (
                "npt=0-;time=19970123T153600Z", RangeHeader(start: .seconds(0), time: "19970123T153600Z"),
                "npt=0.000-;time=19970123T153600Z"
            ),
            ("npt=12.3456789-", RangeHeader(start: .seconds(12.3456789)), "npt=12.346-"),
        ] as [(String, RangeHeader, String)]
    )
    func parse(input: String, expected: RangeHeader, canonical: String) throws {
        let header = try RangeHeader(parsing: input)
        #expect(header == expected)
        #expect(header.rendered == canonical)
    }

    @Test("the default value is what a live server answers")
    func liveDefault() {
        #expect(RangeHeader().rendered == "npt=0.000-")
    }

    @Test("values built in code that no parser produces still render without trapping")
    func hostileValues() {
        #expect(RangeHeader(start: .seconds(-5)).rendered == "npt=0.000-")
        #expect(RangeHeader(start: .seconds(.nan), end: .seconds(.infinity)).rendered == "npt=0.000-0.000")
        #expect(RangeHeader(start: .seconds(1e300)).rendered == "npt=1000000000000.000-")
    }

    @Test(
        "bad values throw with the status to answer",
        arguments: [
            ("", 400), ("npt", 400), ("npt=", 400), ("npt=-", 400), ("npt=abc-", 400), ("npt=1e5-", 400),
            ("npt=inf-", 400), ("npt=0x10-", 400), ("npt=+1-", 400), ("npt=1-2-3", 400), ("npt=0:60:00-", 400),
            ("npt=0:1:00-", 400), ("npt=0:00:60-", 400), ("npt=0:00:5-", 400), ("npt=1:2-", 400),
            ("npt=1234567890123-", 400), (#"npt=0-;time="x""y""#, 400),
            ("smpte=0:10:00-", 501), ("clock=19961108T142300Z-19961108T143520Z", 501),
        ] as [(String, Int)]
    )
    func errors(input: String, code: Int) {
        let error = #expect(throws: RTSPParseError.self) { try RangeHeader(parsing: input) }
        #expect(error?.status.code == code, "\(input)")
    }

    @Test("fixed-seed garbage never traps, and rendering reaches a fixed point after one round")
    func garbage() {
        var generator = SeededGenerator(seed: 1238)
        let pieces = ["npt", "=", "-", "now", ":", ".", "0", "5", "59", "60", "9999999999999", ";", "time", " ", "\""]
        for _ in 0..<3000 {
            let input = (0..<Int.random(in: 0...10, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            guard let header = try? RangeHeader(parsing: input) else { continue }
            let once = header.rendered
            #expect((try? RangeHeader(parsing: once))?.rendered == once, "\(input)")
        }
    }
}
