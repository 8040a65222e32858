/// One dequeued capture buffer: the bytes stay valid (and the buffer stays out of the driver's
/// ring) until it is handed back with `CaptureStream.requeue`.
public struct CapturedFrame {
    /// The buffer's bytes as the camera filled them (`bytesused` of them).
    public var bytes: UnsafeRawBufferPointer
    /// The driver's frame counter; gaps in it are frames the driver dropped.
    public var sequence: UInt32
    /// CLOCK_MONOTONIC nanoseconds: the buffer's own timestamp when the driver stamps it with that
    /// clock (nearly all do: it is taken when the first or last pixel arrived), else the moment
    /// it was dequeued.
    public var captureTime: UInt64
    /// True when the timestamp came from the driver.
    public var driverTimestamp: Bool
    let index: UInt32
}
