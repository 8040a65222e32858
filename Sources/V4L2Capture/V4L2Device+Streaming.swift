import CV4L2

#if canImport(Glibc)
    import Glibc
#endif

/// The format the driver actually set, with the buffer layout needed to find the planes.
public struct ActiveFormat: Hashable, Sendable {
    public var fourcc: FourCC
    public var width: Int
    public var height: Int
    /// Bytes per line of the first plane (the luma plane for planar formats).
    public var bytesPerLine: Int
    /// Bytes one frame takes in a buffer.
    public var sizeImage: Int
    /// The rate the driver settled on, when it says.
    public var framesPerSecond: Double?

    public init(fourcc: FourCC, width: Int, height: Int, bytesPerLine: Int, sizeImage: Int, framesPerSecond: Double?) {
        self.fourcc = fourcc
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.sizeImage = sizeImage
        self.framesPerSecond = framesPerSecond
    }
}

extension V4L2Device {
    /// Sets the format and rate; fails with the camera's list of formats if the driver substituted
    /// another size or fourcc, since a silently different picture would break the encoder.
    ///
    /// Corresponding ioctls: VIDIOC_S_FMT, VIDIOC_S_PARM (then VIDIOC_G_PARM).
    public func apply(_ choice: FormatChoice) throws(V4L2Error) -> ActiveFormat {
        var format = v4l2_format()
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        format.fmt.pix.width = UInt32(choice.width)
        format.fmt.pix.height = UInt32(choice.height)
        format.fmt.pix.pixelformat = choice.fourcc.rawValue
        format.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        try control(camstream_vidioc_s_fmt, "VIDIOC_S_FMT", &format)
        let pix = format.fmt.pix
        guard pix.pixelformat == choice.fourcc.rawValue, Int(pix.width) == choice.width, Int(pix.height) == choice.height else {
            let got = "\(FourCC(rawValue: pix.pixelformat)) \(pix.width)x\(pix.height)"
            let available = (try? captureFormats()).map { CaptureFormatReport.lines($0).joined(separator: "\n") } ?? "(could not list)"
            throw .unsupported(
                device: path, asked: "\(choice.fourcc) \(choice.width)x\(choice.height) (the driver offered \(got) instead)",
                available: available)
        }

        var parameters = v4l2_streamparm()
        parameters.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        var rate: Double?
        if (try? control(camstream_vidioc_g_parm, "VIDIOC_G_PARM", &parameters)) != nil,
            parameters.parm.capture.capability & camstream_capture_timeperframe != 0
        {
            parameters.parm.capture.timeperframe = v4l2_fract(numerator: 1, denominator: UInt32(choice.framesPerSecond))
            try control(camstream_vidioc_s_parm, "VIDIOC_S_PARM", &parameters)
            let interval = parameters.parm.capture.timeperframe
            if interval.numerator > 0 { rate = Double(interval.denominator) / Double(interval.numerator) }
        }
        return ActiveFormat(
            fourcc: choice.fourcc, width: choice.width, height: choice.height,
            bytesPerLine: Int(pix.bytesperline), sizeImage: Int(pix.sizeimage), framesPerSecond: rate)
    }
}
