/// Decodes base64 as it arrives, in pieces split anywhere: the body of an RTSP-over-HTTP tunnel's POST.
///
/// Clients encode each RTSP request on its own, padding included (ffmpeg's `ff_rtsp_send_cmd_with_content_async`
/// base64-encodes one message per write), so `=` ends a quantum and decoding starts afresh with the next
/// character; writes may still split a quantum, or a message, at any byte. At most three sextets are held
/// between calls, so the decoder's memory is constant whatever the peer sends. Line breaks and spaces (which
/// some encoders insert every 76 characters) are skipped; anything else outside the alphabet is an error that
/// says which byte, where.
///
/// Specification: RFC 4648 §4 (the base64 alphabet, padding).
public struct Base64StreamDecoder: Sendable, Hashable {
    public enum DecodingError: Error, Hashable, CustomStringConvertible {
        /// A byte outside the base64 alphabet, at this offset of the whole stream.
        case invalidCharacter(UInt8, at: Int)
        /// `=` where a quantum cannot end (its first or second character), at this offset.
        case misplacedPadding(at: Int)
        /// A data character where the second `=` of `xx==` belongs, at this offset.
        case missingPadding(at: Int)

        public var description: String {
            switch self {
            case .invalidCharacter(let byte, let offset):
                "byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset) is not base64"
            case .misplacedPadding(let offset): "'=' at offset \(offset) cannot end a base64 quantum there"
            case .missingPadding(let offset): "offset \(offset) should be the second '=' of a quantum that ended with one"
            }
        }
    }

    /// Sextets of the current quantum so far (0...3), most recent in the low bits.
    private var bits: UInt32 = 0
    private var sextets = 0
    /// After `xx=`, the one more `=` that must come.
    private var awaitingPadding = false
    /// Bytes of input seen so far, for error offsets.
    public private(set) var offset = 0

    public init() {}

    /// True between quanta: every byte given so far has been decoded (a message boundary).
    public var isAtQuantumBoundary: Bool { sextets == 0 && !awaitingPadding }

    /// Decodes `input`, appending the bytes it completes to `output`. After an error the decoder is spent: the
    /// stream is not base64, and the caller closes it.
    public mutating func decode(_ input: some Sequence<UInt8>, into output: inout [UInt8]) throws(DecodingError) {
        for byte in input {
            defer { offset &+= 1 }
            if let value = Self.sextet(byte) {
                guard !awaitingPadding else { throw .missingPadding(at: offset) }
                bits = bits << 6 | UInt32(value)
                sextets += 1
                if sextets == 4 {
                    output.append(UInt8(truncatingIfNeeded: bits >> 16))
                    output.append(UInt8(truncatingIfNeeded: bits >> 8))
                    output.append(UInt8(truncatingIfNeeded: bits))
                    bits = 0
                    sextets = 0
                }
            } else if byte == UInt8(ascii: "=") {
                if awaitingPadding {
                    awaitingPadding = false
                    continue
                }
                switch sextets {
                case 2:
                    output.append(UInt8(truncatingIfNeeded: bits >> 4))
                    awaitingPadding = true
                case 3:
                    output.append(UInt8(truncatingIfNeeded: bits >> 10))
                    output.append(UInt8(truncatingIfNeeded: bits >> 2))
                default:
                    throw .misplacedPadding(at: offset)
                }
                bits = 0
                sextets = 0
            } else if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                continue
            } else {
                throw .invalidCharacter(byte, at: offset)
            }
        }
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
