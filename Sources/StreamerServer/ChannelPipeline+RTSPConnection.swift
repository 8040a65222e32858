import NIOCore

extension ChannelPipeline.SynchronousOperations {
    /// The handlers of one RTSP connection, from the socket inwards. The server and its EmbeddedChannel tests both
    /// build connections here, so the tests run the pipeline the server runs.
    func addRTSPConnectionHandlers(server: ServerContext) throws {
        let limits = server.configuration.limits
        let connection = RTSPConnectionHandler(server: server)
        let stallTimeout = TimeAmount.seconds(Int64(max(limits.outboundStallTimeoutSeconds, 1)))
        try addHandler(BackPressureHandler(connection: connection, stallTimeout: stallTimeout))
        try addHandler(RequestDeadlineObserver(connection: connection))
        try addHandler(ByteToMessageHandler(RTSPMessageDecoder(limits: limits.parserLimits)))
        try addHandler(connection)
    }
}
