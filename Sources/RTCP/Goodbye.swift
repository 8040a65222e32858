/// BYE: the listed sources are leaving the session, so receivers can drop their state now rather than waiting
/// for a timeout.
///
/// The optional reason is at most 255 UTF-8 bytes (an 8-bit length); longer text is cut at the last whole
/// Unicode scalar that fits. More than 31 sources are written as several BYE packets, the reason on the last.
///
/// Specification: RFC 3550 §6.6
public struct Goodbye: Hashable, Sendable {
    /// The sources leaving.
    public var ssrcs: [UInt32]
    /// Why they are leaving, e.g. "camera unplugged"; `nil` when the packet carries no reason.
    public var reason: String?

    public init(ssrcs: [UInt32], reason: String? = nil) {
        self.ssrcs = ssrcs
        self.reason = reason
    }

    /// RTCP packet type 203.
    public static let packetType: UInt8 = 203
}
