import H264

extension ServerContext {
    /// Where a stream's snapshot comes from: its own raw pictures, or, for a sub-stream (whose source only encodes
    /// pictures its parent captured), the parent's, at the sub-stream's width unless the request names one. So
    /// `/cam/sub/snapshot.jpg` and ONVIF's snapshot URI of a sub-stream profile answer, from the same capture.
    func snapshotSource(for path: String) -> (source: SnapshotSource, width: Int?)? {
        guard let stream = streams[path] else { return nil }
        if let own = stream.source as? SnapshotSource { return (own, nil) }
        guard let parent = configuration.streams.first(where: { $0.path == path })?.substreamOf,
            let parentSource = streams[parent]?.source as? SnapshotSource
        else { return nil }
        let width = stream.source.hasParameterSets ? (try? SequenceParameterSet(nalUnit: stream.source.parameterSets.sps))?.width : nil
        return (parentSource, width)
    }
}
