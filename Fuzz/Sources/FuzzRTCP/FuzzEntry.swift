import NIOCore
import RTCP

/// RTCP datagrams from viewers (receiver reports, SDES, BYE, anything else). Parsing never traps, and
/// what it accepts writes out to bytes that are stable: parsing and writing them again gives the same bytes.
/// (Not byte-identical to the input: invalid UTF-8 in SDES/BYE text is read leniently, which can change it once.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTCP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let datagram = ByteBuffer(bytes: UnsafeRawBufferPointer(start: data, count: size))
    guard let packets = try? RTCPCompoundPacket.parse(datagram) else { return 0 }
    for packet in packets {
        var written = ByteBuffer()
        written.writeRTCPPacket(packet)
        guard let reparsed = try? RTCPCompoundPacket.parse(written) else {
            preconditionFailure("written packet does not parse: \(packet)")
        }
        var rewritten = ByteBuffer()
        for again in reparsed { rewritten.writeRTCPPacket(again) }
        precondition(rewritten == written, "write → parse → write is not stable for \(packet)")
    }
    return 0
}
