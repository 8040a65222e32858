import NIOCore
import RTP
import SeededRandom
import Testing

@Suite struct H264DepacketizerTests {
    private func packet(
        _ payload: [UInt8],
        sequenceNumber: UInt16,
        timestamp: UInt32 = 3000,
        marker: Bool = false
    ) -> RTPPacket {
        RTPPacket(
            header: RTPHeader(
                marker: marker, payloadType: 96, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: 1),
            payload: ByteBuffer(bytes: payload)
        )
    }

    private func bytes(_ nalUnits: [ByteBuffer]?) -> [[UInt8]]? {
        nalUnits.map { $0.map { Array($0.readableBytesView) } }
    }

    /// RFC 6184 §5.7.1 (Figure 7 layout): STAP-A header, then 16-bit size and NAL unit, twice.
    @Test func splitsSTAPA() throws {
        var depacketizer = H264Depacketizer()
        let stapA: [UInt8] = [0x78, 0x00, 0x04, 0x67, 0x42, 0xC0, 0x1F, 0x00, 0x02, 0x68, 0xCE]
        let accessUnit = try depacketizer.push(packet(stapA, sequenceNumber: 1, marker: true))
        #expect(bytes(accessUnit) == [[0x67, 0x42, 0xC0, 0x1F], [0x68, 0xCE]])
    }

    /// RFC 6184 §5.8: the NAL header is rebuilt from F|NRI of the FU indicator and the FU header's type.
    @Test func reassemblesFUA() throws {
        var depacketizer = H264Depacketizer()
        #expect(try depacketizer.push(packet([0x78, 0x00, 0x02, 0x67, 0x42], sequenceNumber: 7)) == nil)
        #expect(try depacketizer.push(packet([0x7C, 0x85, 0x01, 0x02], sequenceNumber: 8)) == nil)
        #expect(try depacketizer.push(packet([0x7C, 0x05, 0x03], sequenceNumber: 9)) == nil)
        let accessUnit = try depacketizer.push(packet([0x7C, 0x45, 0x04, 0x05], sequenceNumber: 10, marker: true))
        #expect(bytes(accessUnit) == [[0x67, 0x42], [0x65, 0x01, 0x02, 0x03, 0x04, 0x05]])
    }

    @Test func timestampChangeCompletesAnAccessUnitWithoutMarker() throws {
        var depacketizer = H264Depacketizer()
        #expect(try depacketizer.push(packet([0x41, 0x01], sequenceNumber: 1, timestamp: 0)) == nil)
        #expect(try depacketizer.push(packet([0x41, 0x02], sequenceNumber: 2, timestamp: 0)) == nil)
        let first = try depacketizer.push(packet([0x41, 0x03], sequenceNumber: 3, timestamp: 3000))
        #expect(bytes(first) == [[0x41, 0x01], [0x41, 0x02]])
    }

    /// A packet that both ends the previous access unit (new timestamp) and its own (marker) completes
    /// two; the second comes out of the next push.
    @Test func secondCompletedAccessUnitWaitsForTheNextPush() throws {
        var depacketizer = H264Depacketizer()
        #expect(try depacketizer.push(packet([0x41, 0x01], sequenceNumber: 1, timestamp: 0)) == nil)
        #expect(
            bytes(try depacketizer.push(packet([0x41, 0x02], sequenceNumber: 2, timestamp: 1, marker: true))) == [
                [0x41, 0x01]
            ])
        #expect(bytes(try depacketizer.push(packet([0x41, 0x03], sequenceNumber: 3, timestamp: 2))) == [[0x41, 0x02]])
        #expect(
            bytes(try depacketizer.push(packet([0x41, 0x04], sequenceNumber: 4, timestamp: 2, marker: true))) == [
                [0x41, 0x03], [0x41, 0x04],
            ])
    }

    /// Documented loss policy: a gap drops the access unit it broke, and the next one decodes.
    @Test func sequenceGapDropsTheBrokenAccessUnit() throws {
        var depacketizer = H264Depacketizer()
        #expect(
            bytes(try depacketizer.push(packet([0x65, 0x01], sequenceNumber: 10, timestamp: 0, marker: true))) == [
                [0x65, 0x01]
            ])
        #expect(try depacketizer.push(packet([0x7C, 0x81, 0x01], sequenceNumber: 11, timestamp: 1)) == nil)
        // 12 is lost: the FU-A end arrives, but the NAL unit would miss its middle.
        #expect(
            try depacketizer.push(packet([0x7C, 0x41, 0x03], sequenceNumber: 13, timestamp: 1, marker: true)) == nil)
        #expect(
            bytes(try depacketizer.push(packet([0x41, 0x04], sequenceNumber: 14, timestamp: 2, marker: true))) == [
                [0x41, 0x04]
            ])
    }

    /// After a gap into a new timestamp, both the unfinished access unit before it and the one the gap
    /// may have cut the head off are dropped.
    @Test func sequenceGapAcrossTimestampsDropsBothSides() throws {
        var depacketizer = H264Depacketizer()
        #expect(try depacketizer.push(packet([0x41, 0x01], sequenceNumber: 65534, timestamp: 0)) == nil)
        // 65535 is lost.
        #expect(try depacketizer.push(packet([0x41, 0x02], sequenceNumber: 0, timestamp: 1, marker: true)) == nil)
        #expect(
            bytes(try depacketizer.push(packet([0x41, 0x03], sequenceNumber: 1, timestamp: 2, marker: true))) == [
                [0x41, 0x03]
            ])
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        /// Payloads of consecutive packets; only the last one throws.
        var payloads: [[UInt8]]
        var error: RTPError
    }

    static let malformedCases: [MalformedCase] = [
        MalformedCase(testDescription: "empty payload", payloads: [[]], error: .emptyPayload(sequenceNumber: 100)),
        MalformedCase(
            testDescription: "FU-A without start",
            payloads: [[0x7C, 0x05, 0x01]],
            error: .fragmentWithoutStart(sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "FU-A end without start",
            payloads: [[0x7C, 0x45, 0x01]],
            error: .fragmentWithoutStart(sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "FU-A with only its indicator",
            payloads: [[0x7C]],
            error: .truncatedFragmentUnit(sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "FU-A with Start and End",
            payloads: [[0x7C, 0xC5, 0x01]],
            error: .invalidFragmentHeader(0xC5, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "second FU-A start before the end",
            payloads: [[0x7C, 0x85, 0x01], [0x7C, 0x85, 0x02]],
            error: .unterminatedFragment(sequenceNumber: 101)
        ),
        MalformedCase(
            testDescription: "single NAL unit inside a fragmented one",
            payloads: [[0x7C, 0x85, 0x01], [0x41, 0x02]],
            error: .unterminatedFragment(sequenceNumber: 101)
        ),
        MalformedCase(
            testDescription: "STAP-A size beyond the payload",
            payloads: [[0x78, 0x00, 0x05, 0x67, 0x42, 0xC0]],
            error: .truncatedAggregationPacket(offset: 1, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "STAP-A second size cut in half",
            payloads: [[0x78, 0x00, 0x01, 0x67, 0x00]],
            error: .truncatedAggregationPacket(offset: 4, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "STAP-A without any unit",
            payloads: [[0x78]],
            error: .truncatedAggregationPacket(offset: 1, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "STAP-A unit of size zero",
            payloads: [[0x78, 0x00, 0x00]],
            error: .truncatedAggregationPacket(offset: 1, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "STAP-B, not in packetization-mode 1",
            payloads: [[0x79, 0x00, 0x01]],
            error: .unsupportedNALUnitType(25, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "FU-B",
            payloads: [[0x7D, 0x85, 0x00, 0x01]],
            error: .unsupportedNALUnitType(29, sequenceNumber: 100)
        ),
        MalformedCase(
            testDescription: "NAL unit type 0",
            payloads: [[0x00, 0x01]],
            error: .unsupportedNALUnitType(0, sequenceNumber: 100)
        ),
    ]

    @Test(arguments: malformedCases)
    func malformedPayloadsThrowAndTheNextAccessUnitDecodes(_ testCase: MalformedCase) throws {
        var depacketizer = H264Depacketizer()
        var sequenceNumber: UInt16 = 100
        for payload in testCase.payloads.dropLast() {
            #expect(try depacketizer.push(packet(payload, sequenceNumber: sequenceNumber)) == nil)
            sequenceNumber += 1
        }
        #expect(throws: testCase.error) {
            try depacketizer.push(packet(testCase.payloads.last ?? [], sequenceNumber: sequenceNumber, marker: true))
        }
        let next = try depacketizer.push(
            packet([0x65, 0x01], sequenceNumber: sequenceNumber + 1, timestamp: 6000, marker: true))
        #expect(bytes(next) == [[0x65, 0x01]])
    }

    @Test func markerInsideAFragmentThrows() throws {
        var depacketizer = H264Depacketizer()
        #expect(try depacketizer.push(packet([0x7C, 0x85, 0x01], sequenceNumber: 1)) == nil)
        #expect(throws: RTPError.unterminatedFragment(sequenceNumber: 2)) {
            try depacketizer.push(packet([0x7C, 0x05, 0x02], sequenceNumber: 2, marker: true))
        }
        let next = try depacketizer.push(packet([0x41, 0x03], sequenceNumber: 3, timestamp: 6000, marker: true))
        #expect(bytes(next) == [[0x41, 0x03]])
    }

    @Test func malformedPacketWithoutMarkerDropsTheRestOfItsAccessUnit() throws {
        var depacketizer = H264Depacketizer()
        #expect(try depacketizer.push(packet([0x41, 0x01], sequenceNumber: 1)) == nil)
        #expect(throws: RTPError.fragmentWithoutStart(sequenceNumber: 2)) {
            try depacketizer.push(packet([0x7C, 0x05, 0x02], sequenceNumber: 2))
        }
        #expect(try depacketizer.push(packet([0x41, 0x03], sequenceNumber: 3, marker: true)) == nil)
        let next = try depacketizer.push(packet([0x41, 0x04], sequenceNumber: 4, timestamp: 6000, marker: true))
        #expect(bytes(next) == [[0x41, 0x04]])
    }

    /// Random payloads, mostly of the types it handles, with gaps and timestamp jumps: every packet is either
    /// refused or taken, never a trap; and what comes out is made of what went in: no empty NAL unit, and never
    /// more bytes out than payload bytes in.
    @Test func garbagePacketsNeverTrapAndInventNothing() {
        var generator = SeededGenerator(seed: 0xDE_9AC4)
        var depacketizer = H264Depacketizer()
        var sequenceNumber: UInt16 = 0
        var pushedBytes = 0, emittedBytes = 0
        var accessUnits = 0, refused = 0
        for _ in 0..<20_000 {
            var payload = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                UInt8.random(in: 0...0xFF, using: &generator)
            }
            if !payload.isEmpty {
                // Mostly the types this depacketizer handles, so the FU-A and STAP-A paths get exercised.
                payload[0] = payload[0] & 0xE0 | ([1, 5, 24, 28, 28, 28, 25, 0].randomElement(using: &generator) ?? 1)
            }
            // Occasional gaps and timestamp changes.
            sequenceNumber &+= Int.random(in: 0..<10, using: &generator) == 0 ? 2 : 1
            let timestamp = UInt32(sequenceNumber / 4)
            pushedBytes += payload.count
            do {
                let accessUnit = try depacketizer.push(
                    packet(payload, sequenceNumber: sequenceNumber, timestamp: timestamp, marker: .random(using: &generator)))
                if let accessUnit {
                    accessUnits += 1
                    #expect(!accessUnit.isEmpty && accessUnit.allSatisfy { $0.readableBytes > 0 })
                    emittedBytes += accessUnit.reduce(0) { $0 + $1.readableBytes }
                    #expect(emittedBytes <= pushedBytes, "\(emittedBytes) bytes out of \(pushedBytes) in")
                }
            } catch {
                refused += 1
            }
        }
        #expect(accessUnits > 100 && refused > 100, "\(accessUnits) access units, \(refused) refused")
    }
}
