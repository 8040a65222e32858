/// What a connection's WebSocket handshake decided, handed from the upgrader's check to the pipeline it
/// builds (the admitted stream) or to the HTTP handler that answers a refused one (the refusal).
/// Confined to the connection's event loop.
final class WebSocketUpgradeState: @unchecked Sendable {
    // @unchecked: touched only on the channel's event loop, by the upgrader and the handlers of one connection.
    var admitted: MediaStream?
    /// The user the page's token was issued to; nil when no users are configured.
    var user: String?
    var refusal: HTTPRefusal?
}
