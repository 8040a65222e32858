/// What one fuzz input makes happen: a script of steps by up to three clients, with time and the camera in
/// between. Text, so the seed corpus reads as the conversations it holds.
///
/// Steps are separated by the byte 0x1E (ASCII record separator, which no RTSP text contains). Each starts with
/// an operation letter and a client slot digit, then numbers separated by spaces up to the first newline; the
/// rest of the step is its payload:
///
///     S<c> [readSize] [repeats]\n<bytes>   client c sends the bytes (`repeats` times), in reads of `readSize`
///     $<c> <channel> <length>\n<bytes>     client c sends an interleaved frame, its payload the bytes, repeated
///     R<c> <port> <sender>\n<bytes>        a datagram to client c's last UDP session: port 0 RTP, 1 RTCP;
///                                          `sender` picks the source address, the client's own or a stranger's
///     F <count>                            the camera makes frames
///     T <seconds>                          time passes
///     P<c> / G<c>                          client c stops / starts reading what the server sends
///     X<c> / O<c>                          client c hangs up / connects again
///
/// In S payloads `{session}` becomes the session id the server last gave client c, and `{sessionN}` the one it
/// gave client N: the fuzzer cannot guess 64 random bits, but it can try another client's session.
struct ConnectionScript {
    enum Step {
        case send(client: Int, bytes: [UInt8], readSize: Int, repeats: Int)
        case interleavedFrame(client: Int, channel: UInt8, length: Int, filler: [UInt8])
        case datagram(client: Int, toRTCP: Bool, sender: Int, bytes: [UInt8])
        case produce(frames: Int)
        case advance(seconds: Int)
        case pauseReading(client: Int)
        case resumeReading(client: Int)
        case hangUp(client: Int)
        case reconnect(client: Int)
    }

    static let clients = 3
    /// Bounds that keep one input fast (`ConnectionRun` also bounds what a whole input may send).
    static let maxBytesPerStep = 128 * 1024
    static let maxSteps = 256

    var steps: [Step] = []

    init(_ input: UnsafeRawBufferPointer) {
        for record in input.split(separator: 0x1E, omittingEmptySubsequences: true).prefix(Self.maxSteps) {
            if let step = Self.step(record) { steps.append(step) }
        }
    }

    private static func step(_ record: Slice<UnsafeRawBufferPointer>) -> Step? {
        guard let operation = record.first else { return nil }
        let rest = record.dropFirst()
        let newline = rest.firstIndex(of: 0x0A)
        let head = rest[rest.startIndex..<(newline ?? rest.endIndex)]
        let payload = Array(newline.map { rest[rest.index(after: $0)...] } ?? rest[rest.endIndex...])
        let client = head.first.map { Int($0 &- 0x30) % clients } ?? 0
        let numbers = head.dropFirst().split(separator: 0x20).map(number)
        func argument(_ index: Int, default value: Int, in range: ClosedRange<Int>) -> Int {
            let given = index < numbers.count ? numbers[index] : value
            return min(max(given, range.lowerBound), range.upperBound)
        }
        switch operation {
        case UInt8(ascii: "S"):
            let repeats = argument(1, default: 1, in: 1...100_000)
            guard !payload.isEmpty else { return nil }
            return .send(
                client: client, bytes: payload, readSize: argument(0, default: 0, in: 0...65536),
                repeats: min(repeats, max(1, maxBytesPerStep / payload.count)))
        case UInt8(ascii: "$"):
            return .interleavedFrame(
                client: client, channel: UInt8(argument(0, default: 1, in: 0...255)), length: argument(1, default: payload.count, in: 0...65535),
                filler: payload)
        case UInt8(ascii: "R"):
            return .datagram(client: client, toRTCP: argument(0, default: 1, in: 0...1) == 1, sender: argument(1, default: 0, in: 0...255), bytes: payload)
        case UInt8(ascii: "F"):
            return .produce(frames: argument(0, default: 1, in: 1...60))
        case UInt8(ascii: "T"):
            return .advance(seconds: argument(0, default: 1, in: 0...600))
        case UInt8(ascii: "P"):
            return .pauseReading(client: client)
        case UInt8(ascii: "G"):
            return .resumeReading(client: client)
        case UInt8(ascii: "X"):
            return .hangUp(client: client)
        case UInt8(ascii: "O"):
            return .reconnect(client: client)
        default:
            return nil
        }
    }

    /// Decimal digits, saturating; anything else in them is skipped.
    private static func number(_ digits: Slice<UnsafeRawBufferPointer>) -> Int {
        var value = 0
        for byte in digits where (0x30...0x39).contains(byte) {
            value = min(value &* 10 &+ Int(byte - 0x30), 1 << 40)
        }
        return value
    }
}
