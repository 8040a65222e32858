import LibcameraShim

#if canImport(Glibc)
    import Glibc
#endif

/// One end of the socket between camstream and its libcamera capture process: whole messages
/// (`CaptureProcessMessage`), some carrying descriptors. Owns the socket; not thread-safe (one
/// thread on each side uses it).
final class CaptureProcessChannel {
    enum Received {
        case message(CaptureProcessMessage, descriptors: [Int32])
        /// Nothing arrived within the wait.
        case nothing
        /// The other end closed (its process ended).
        case closed
        /// The socket failed or the message was not one: the channel is no longer usable.
        case broken(String)
    }

    let socket: Int32
    private var buffer = [UInt8](repeating: 0, count: CaptureProcessMessage.maximumSize)
    /// Room for the descriptors a message may bring, reused: a frame's message is received 15–30 times a second.
    private var descriptorRoom = [Int32](repeating: -1, count: Int(CAMSTREAM_LC_CHANNEL_MAX_FDS))

    init(socket: Int32) {
        self.socket = socket
    }

    deinit {
        close(socket)
    }

    /// A connected pair, close-on-exec: the first end stays, the second is the child's.
    static func pair() throws(LibcameraError) -> (Int32, Int32) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw .managerFailed("cannot make a socket for the libcamera capture process: \(String(cString: strerror(errno)))")
        }
        return (ends[0], ends[1])
    }

    /// False once the other end is gone (or the message could not go).
    @discardableResult
    func send(_ message: CaptureProcessMessage, descriptors: [Int32] = []) -> Bool {
        let bytes = message.encoded
        return bytes.withUnsafeBytes { raw in
            camstream_lc_channel_send(socket, raw.baseAddress, raw.count, descriptors, Int32(descriptors.count)) == raw.count
        }
    }

    /// The next message, waiting up to `waitingMilliseconds` (0: only what is there; -1: forever).
    func receive(waitingMilliseconds: Int) -> Received {
        var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        var polled: Int32
        repeat {
            polled = poll(&ready, 1, Int32(clamping: waitingMilliseconds))
        } while polled < 0 && errno == EINTR
        if polled < 0 { return .broken("poll failed: \(String(cString: strerror(errno)))") }
        if polled == 0 { return .nothing }
        var descriptorCount: Int32 = 0
        let room = Int32(descriptorRoom.count)
        let length = buffer.withUnsafeMutableBytes { raw in
            descriptorRoom.withUnsafeMutableBufferPointer { descriptors in
                camstream_lc_channel_receive(socket, raw.baseAddress, raw.count, descriptors.baseAddress, room, &descriptorCount, 1)
            }
        }
        if length == 0 { return .closed }
        if length == -Int(EAGAIN) { return .nothing }
        if length < 0 { return .broken("receiving failed: \(String(cString: strerror(Int32(-length))))") }
        let received = descriptorCount == 0 ? [] : Array(descriptorRoom.prefix(Int(descriptorCount)))
        guard let message = CaptureProcessMessage(decoding: buffer[0..<length]) else {
            for descriptor in received { close(descriptor) }
            return .broken("a message of \(length) bytes that is not one camstream sends")
        }
        return .message(message, descriptors: received)
    }
}
