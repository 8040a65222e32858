import Glibc
import LibcameraShim
import Testing

@testable import LibcameraCapture

/// The socket to the capture process: whole messages, descriptors passed with them, and every way
/// the other end can stop.
@Suite struct CaptureProcessChannelTests {
    @Test func aDescriptorArrivesWithItsMessageAndMapsTheSameMemory() throws {
        let (a, b) = try CaptureProcessChannel.pair()
        let parent = CaptureProcessChannel(socket: a)
        let child = CaptureProcessChannel(socket: b)
        // A file standing in for a dmabuf: any descriptor that maps crosses the same way.
        var template = Array("/tmp/camstream-channel-XXXXXX".utf8CString)
        let memory = mkstemp(&template)
        try #require(memory >= 0)
        unlink(template)
        defer { close(memory) }
        let picture = (0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(picture.withUnsafeBytes { write(memory, $0.baseAddress, $0.count) } == 4096)
        let opened = CaptureProcessMessage.opened(
            .init(
                cameraID: "c", model: "m", width: 64, height: 64, fourcc: LibcameraPixelFormat.yuv420.fourcc, stride: 64,
                buffers: [[.init(descriptor: 0, offset: 0, length: 4096)]], controls: []))

        #expect(child.send(opened, descriptors: [memory]))
        guard case .message(let message, let descriptors) = parent.receive(waitingMilliseconds: 1000) else {
            Issue.record("no message")
            return
        }
        defer { descriptors.forEach { close($0) } }
        #expect(message == opened)
        try #require(descriptors.count == 1)
        #expect(descriptors[0] != memory, "a copy of the descriptor, not the same number")
        let mapped = try #require(mmap(nil, 4096, PROT_READ, MAP_SHARED, descriptors[0], 0))
        defer { munmap(mapped, 4096) }
        #expect(Array(UnsafeRawBufferPointer(start: mapped, count: 4096)) == picture)
        #expect(fcntl(descriptors[0], F_GETFD) & FD_CLOEXEC != 0, "received descriptors are close-on-exec")
    }

    @Test func nothingThereIsNothingAndAClosedEndIsClosed() throws {
        let (a, b) = try CaptureProcessChannel.pair()
        let parent = CaptureProcessChannel(socket: a)
        var child: CaptureProcessChannel? = CaptureProcessChannel(socket: b)
        guard case .nothing = parent.receive(waitingMilliseconds: 0) else {
            Issue.record("a message from nowhere")
            return
        }
        #expect(child?.send(.release(buffer: 1)) == true)
        child = nil
        guard case .message(.release(buffer: 1), _) = parent.receive(waitingMilliseconds: 1000) else {
            Issue.record("the message sent before closing was lost")
            return
        }
        guard case .closed = parent.receive(waitingMilliseconds: 1000) else {
            Issue.record("the closed end was not seen")
            return
        }
        #expect(!parent.send(.release(buffer: 1)), "sending to a closed end fails (and raises no SIGPIPE)")
    }

    @Test func aMessageThatIsNotOneBreaksTheChannelAndItsDescriptorsAreClosed() throws {
        let (a, b) = try CaptureProcessChannel.pair()
        let parent = CaptureProcessChannel(socket: a)
        defer { close(b) }
        // The junk carries a pipe's only write end: once the receiver closes its copy, the read end hangs up.
        var pipeEnds: [Int32] = [-1, -1]
        try #require(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]) }
        let junk: [UInt8] = [42, 1, 2, 3]
        #expect(junk.withUnsafeBytes { camstream_lc_channel_send(b, $0.baseAddress, $0.count, [pipeEnds[1]], 1) } == 4)
        close(pipeEnds[1])
        guard case .broken(let why) = parent.receive(waitingMilliseconds: 1000) else {
            Issue.record("junk was taken for a message")
            return
        }
        #expect(why == "a message of 4 bytes that is not one camstream sends")
        var readEnd = pollfd(fd: pipeEnds[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&readEnd, 1, 0) == 1 && readEnd.revents & Int16(POLLHUP) != 0, "the descriptor that came with the junk was closed")
    }
}
