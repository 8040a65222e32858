/// A completed request's picture, in the camera's own mapped buffers: valid until requeued.
public struct LibcameraFrame {
    /// One per plane the buffer has (often one for all planes of a contiguous buffer).
    public var planes: [UnsafeRawBufferPointer]
    /// The request's SensorTimestamp: CLOCK_MONOTONIC nanoseconds at the start of exposure.
    public var sensorTimestamp: Int64
    public var sequence: UInt32
    /// Completed frames passed over for this newer one (the encoder was slower than the camera).
    public var skipped: Int
    let request: Int32
}
