import NIOCore
import RTSP

/// Any bytes a client can send down an RTSP connection: requests, pipelined or cut anywhere,
/// with interleaved frames between them. The parser must never trap, must consume input whenever it
/// returns a message, and every request it accepts must survive serialize → parse unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTSPMessages(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var buffer = ByteBuffer(bytes: bytes)
    var parser = RTSPMessageParser(limits: .init(maxStartLineAndHeaderBytes: 2048, maxHeaderCount: 32, maxBodyBytes: 4096))
    while buffer.readableBytes > 0 {
        let before = buffer.readableBytes
        guard let message = try? parser.next(from: &buffer) else { break }
        precondition(buffer.readableBytes < before, "a message was returned without consuming input")
        var written = ByteBuffer()
        written.writeRTSPMessage(message)
        var reparser = RTSPMessageParser()
        let again = try? reparser.next(from: &written)
        precondition(again == message, "serialize → parse changed \(message)")
    }
    return 0
}
