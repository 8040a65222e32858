import CV4L2

#if canImport(Glibc)
    import Glibc
#endif

extension V4L2Device {
    /// Every capture format with its sizes and rates. For sizes given as a range, rates are asked
    /// for at `sizeOfInterest` (the configured size), since a range has no sizes of its own to list.
    ///
    /// Corresponding ioctls: VIDIOC_ENUM_FMT, VIDIOC_ENUM_FRAMESIZES, VIDIOC_ENUM_FRAMEINTERVALS.
    public func captureFormats(sizeOfInterest: (width: Int, height: Int)? = nil) throws(V4L2Error) -> [CaptureFormat] {
        var formats: [CaptureFormat] = []
        for index in 0..<UInt32(256) {
            var description = v4l2_fmtdesc()
            description.index = index
            description.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            do {
                try control(camstream_vidioc_enum_fmt, "VIDIOC_ENUM_FMT", &description)
            } catch .ioctlFailed(_, _, EINVAL) {
                break
            }
            let fourcc = FourCC(rawValue: description.pixelformat)
            formats.append(
                CaptureFormat(
                    fourcc: fourcc, name: Self.string(description.description),
                    isCompressed: description.flags & camstream_fmt_flag_compressed != 0,
                    isEmulated: description.flags & camstream_fmt_flag_emulated != 0,
                    sizes: try frameSizes(fourcc, sizeOfInterest: sizeOfInterest)))
        }
        return formats
    }

    private func frameSizes(_ fourcc: FourCC, sizeOfInterest: (width: Int, height: Int)?) throws(V4L2Error) -> [FrameSizeOption] {
        var sizes: [FrameSizeOption] = []
        for index in 0..<UInt32(512) {
            var size = v4l2_frmsizeenum()
            size.index = index
            size.pixel_format = fourcc.rawValue
            do {
                try control(camstream_vidioc_enum_framesizes, "VIDIOC_ENUM_FRAMESIZES", &size)
            } catch .ioctlFailed(_, _, let code) where code == EINVAL || code == ENOTTY {
                break
            }
            if size.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                let width = Int(size.discrete.width), height = Int(size.discrete.height)
                sizes.append(
                    FrameSizeOption(
                        extent: .discrete(width: width, height: height),
                        intervals: try frameIntervals(fourcc, width: width, height: height)))
            } else {
                let step = size.stepwise
                let range = FrameSizeRange(
                    minWidth: Int(step.min_width), maxWidth: Int(step.max_width), stepWidth: Int(step.step_width),
                    minHeight: Int(step.min_height), maxHeight: Int(step.max_height), stepHeight: Int(step.step_height))
                var intervals = FrameIntervals.unknown
                if let sizeOfInterest, range.contains(width: sizeOfInterest.width, height: sizeOfInterest.height) {
                    intervals = try frameIntervals(fourcc, width: sizeOfInterest.width, height: sizeOfInterest.height)
                }
                sizes.append(FrameSizeOption(extent: .range(range), intervals: intervals))
                break
            }
        }
        return sizes
    }

    private func frameIntervals(_ fourcc: FourCC, width: Int, height: Int) throws(V4L2Error) -> FrameIntervals {
        var discrete: [FrameInterval] = []
        for index in 0..<UInt32(256) {
            var interval = v4l2_frmivalenum()
            interval.index = index
            interval.pixel_format = fourcc.rawValue
            interval.width = UInt32(width)
            interval.height = UInt32(height)
            do {
                try control(camstream_vidioc_enum_frameintervals, "VIDIOC_ENUM_FRAMEINTERVALS", &interval)
            } catch .ioctlFailed(_, _, let code) where code == EINVAL || code == ENOTTY {
                break
            }
            if interval.type == V4L2_FRMIVAL_TYPE_DISCRETE.rawValue {
                discrete.append(FrameInterval(numerator: Int(interval.discrete.numerator), denominator: Int(interval.discrete.denominator)))
            } else {
                let step = interval.stepwise
                return .stepwise(
                    min: FrameInterval(numerator: Int(step.min.numerator), denominator: Int(step.min.denominator)),
                    max: FrameInterval(numerator: Int(step.max.numerator), denominator: Int(step.max.denominator)))
            }
        }
        return discrete.isEmpty ? .unknown : .discrete(discrete)
    }
}
