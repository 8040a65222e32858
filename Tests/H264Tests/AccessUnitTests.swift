import H264
import NIOCore
import Testing

@Suite struct AccessUnitTests {
    private func accessUnit(_ headers: [UInt8]) -> AccessUnit {
        AccessUnit(nalUnits: headers.map { ByteBuffer(bytes: [$0, 0x80]) }, captureTime: 42)
    }

    @Test func keepsCaptureTime() {
        #expect(accessUnit([0x65]).captureTime == 42)
    }

    @Test func recognisesIDRAccessUnits() {
        #expect(accessUnit([0x09, 0x65]).isIDR)
        #expect(accessUnit([0x67, 0x68, 0x65, 0x65]).isIDR)
        #expect(!accessUnit([0x09, 0x41]).isIDR)
        #expect(!accessUnit([]).isIDR)
    }

    @Test func startsDecodingNeedsSPSThenPPSThenIDR() {
        #expect(accessUnit([0x67, 0x68, 0x65]).startsDecoding)
        #expect(accessUnit([0x09, 0x67, 0x06, 0x68, 0x06, 0x65, 0x65]).startsDecoding)
        #expect(!accessUnit([0x68, 0x67, 0x65]).startsDecoding)
        #expect(!accessUnit([0x67, 0x65, 0x68]).startsDecoding)
        #expect(!accessUnit([0x67, 0x68, 0x41]).startsDecoding)
        #expect(!accessUnit([0x65]).startsDecoding)
    }

    @Test func emptyNALUnitsAreIgnored() {
        let accessUnit = AccessUnit(
            nalUnits: [ByteBuffer(), ByteBuffer(bytes: [0x67]), ByteBuffer(bytes: [0x68]), ByteBuffer(bytes: [0x65])],
            captureTime: 0
        )
        #expect(accessUnit.startsDecoding)
    }
}
