import Testing
import V4L2Capture

/// A fourcc from four test characters, packed as v4l2_fourcc does.
func code(_ text: String) -> FourCC {
    FourCC(rawValue: text.utf8.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
}

/// A camera like vivid's webcam input, or a UVC webcam: fixed sizes, each with its fastest rate.
func webcam(_ fourccs: [(String, Bool, Bool)], sizes: [(Int, Int, Int)]) -> [CaptureFormat] {
    fourccs.map { name, compressed, emulated in
        CaptureFormat(
            fourcc: code(name), name: name, isCompressed: compressed, isEmulated: emulated,
            sizes: sizes.map { width, height, fps in
                FrameSizeOption(
                    extent: .discrete(width: width, height: height), intervals: .discrete([FrameInterval(framesPerSecond: fps)]))
            })
    }
}

let vividSizes = [(320, 180, 60), (640, 360, 40), (640, 480, 25), (1280, 720, 12), (1920, 1080, 5)]

@Suite struct FormatNegotiationTests {
    func request(_ width: Int, _ height: Int, _ fps: Int, forced: String? = nil, emulated: Bool = true) -> FormatNegotiation.Request {
        .init(
            width: width, height: height, framesPerSecond: fps, forcedFormat: forced.map(code),
            allowsEmulatedFormats: emulated)
    }

    @Test func camerasOwnH264IsPreferredOverEverythingElse() throws {
        let formats = webcam([("YUYV", false, false), ("MJPG", true, false), ("H264", true, false)], sizes: vividSizes)
        let choice = try FormatNegotiation.choose(from: formats, for: request(640, 360, 30), device: "/dev/video0")
        #expect(choice.fourcc == .h264)
        #expect(choice.handling == .h264Passthrough)
    }

    @Test func planarFormatsBeatPackedAndNV12BeatsYU12() throws {
        let formats = webcam([("YUYV", false, false), ("YU12", false, false), ("NV12", false, false)], sizes: vividSizes)
        #expect(try FormatNegotiation.choose(from: formats, for: request(320, 180, 30), device: "d").handling == .nv12)
        let noNV12 = webcam([("UYVY", false, false), ("YU12", false, false)], sizes: vividSizes)
        #expect(try FormatNegotiation.choose(from: noNV12, for: request(320, 180, 30), device: "d").handling == .i420)
    }

    @Test func nativeFormatsBeatLibv4l2Conversions() throws {
        // libv4l2 lists its conversions (flagged emulated) next to what the camera really has.
        let formats = webcam([("MJPG", true, false), ("YUYV", false, false), ("YU12", false, true)], sizes: vividSizes)
        let choice = try FormatNegotiation.choose(from: formats, for: request(640, 360, 30), device: "d")
        #expect(choice.handling == .yuyvToI420)
    }

    /// The whole order, one format removed at a time: each row's camera offers that format and every one after it.
    @Test func preferenceOrderFromCheapestToDearest() throws {
        let order: [(String, Bool, Bool, FrameHandling)] = [
            ("H264", true, false, .h264Passthrough), ("NV12", false, false, .nv12), ("YU12", false, false, .i420),
            ("YUYV", false, false, .yuyvToI420), ("UYVY", false, false, .uyvyToI420), ("MJPG", true, false, .mjpegDecoded),
            ("YU12", false, true, .libv4l2ToI420),
        ]
        for start in order.indices {
            let offered = order[start...].reversed().map { ($0.0, $0.1, $0.2) }
            let choice = try FormatNegotiation.choose(from: webcam(offered, sizes: vividSizes), for: request(640, 360, 30), device: "d")
            #expect(choice.handling == order[start].3, "offering \(offered.map(\.0))")
        }
    }

    @Test func mjpegCameraIsDecodedByCamstreamNotLibv4l2() throws {
        let formats = webcam([("MJPG", true, false), ("YU12", false, true)], sizes: vividSizes)
        let choice = try FormatNegotiation.choose(from: formats, for: request(640, 360, 30), device: "d")
        #expect(choice.fourcc == .mjpeg)
        #expect(choice.handling == .mjpegDecoded)
        #expect(
            try FormatNegotiation.choose(from: formats, for: request(640, 360, 30, forced: "MJPG"), device: "d").handling == .mjpegDecoded)
        // Nothing of libv4l2 is needed, so the plain libc path takes it too; "JPEG" is the same thing by another name.
        #expect(
            try FormatNegotiation.choose(from: formats, for: request(640, 360, 30, forced: "MJPG", emulated: false), device: "d").handling
                == .mjpegDecoded)
        let jpeg = webcam([("JPEG", true, false)], sizes: vividSizes)
        #expect(try FormatNegotiation.choose(from: jpeg, for: request(640, 360, 30), device: "d").handling == .mjpegDecoded)
    }

    @Test func theLibcPathCannotConvertVendorFormatsAndSaysSo() throws {
        // Pixart's JPEG variant: libv4lconvert decodes it, camstream does not.
        let formats = webcam([("PJPG", true, false), ("YU12", false, true)], sizes: vividSizes)
        #expect(
            try FormatNegotiation.choose(from: formats, for: request(640, 360, 30, forced: "PJPG"), device: "d").handling == .libv4l2ToI420)
        #expect {
            try FormatNegotiation.choose(from: formats, for: request(640, 360, 30, forced: "PJPG", emulated: false), device: "/dev/video0")
        } throws: { error in
            "\(error)".contains("needs libv4l2's conversion")
        }
    }

    @Test func forcedFormatIsTakenEvenWhenABetterOneExists() throws {
        let formats = webcam([("YUYV", false, false), ("NV12", false, false)], sizes: vividSizes)
        let choice = try FormatNegotiation.choose(from: formats, for: request(320, 180, 30, forced: "YUYV"), device: "d")
        #expect(choice.fourcc == .yuyv)
    }

    @Test func aRateTheSizeCannotReachFallsToAFormatThatCan() throws {
        let slowNV12 = CaptureFormat(
            fourcc: .nv12, name: "NV12", isCompressed: false, isEmulated: false,
            sizes: [
                FrameSizeOption(extent: .discrete(width: 1280, height: 720), intervals: .discrete([FrameInterval(framesPerSecond: 10)]))
            ])
        let fastYUYV = CaptureFormat(
            fourcc: .yuyv, name: "YUYV", isCompressed: false, isEmulated: false,
            sizes: [
                FrameSizeOption(
                    extent: .discrete(width: 1280, height: 720), intervals: .discrete([FrameInterval(numerator: 1001, denominator: 30000)]))
            ])
        // 29.97 fps serves a configured 30.
        let choice = try FormatNegotiation.choose(from: [slowNV12, fastYUYV], for: request(1280, 720, 30), device: "d")
        #expect(choice.fourcc == .yuyv)
    }

    @Test func anImpossibleRequestListsWhatTheCameraCanDo() {
        let formats = webcam([("YUYV", false, false), ("NV12", false, false)], sizes: vividSizes)
        #expect {
            try FormatNegotiation.choose(from: formats, for: request(1280, 720, 30), device: "/dev/video0")
        } throws: { error in
            let text = "\(error)"
            return text.contains("/dev/video0 cannot capture 1280x720 at 30 fps")
                && text.contains("  YUYV  YUYV: 320x180@60, 640x360@40, 640x480@25, 1280x720@12, 1920x1080@5")
                && text.contains("  NV12  NV12: ")
        }
    }

    @Test func rangesOfSizesAcceptAnySizeOnTheirSteps() throws {
        let range = FrameSizeRange(minWidth: 16, maxWidth: 1920, stepWidth: 2, minHeight: 16, maxHeight: 1080, stepHeight: 2)
        let format = CaptureFormat(
            fourcc: .yu12, name: "Planar YUV 4:2:0", isCompressed: false, isEmulated: false,
            sizes: [FrameSizeOption(extent: .range(range), intervals: .unknown)])
        #expect(try FormatNegotiation.choose(from: [format], for: request(1000, 562, 30), device: "d").handling == .i420)
        #expect(throws: V4L2Error.self) { try FormatNegotiation.choose(from: [format], for: request(1001, 562, 30), device: "d") }
        #expect(CaptureFormatReport.lines([format]) == ["  YU12  Planar YUV 4:2:0: 16x16 to 1920x1080 in steps of 2x2"])
    }
}

@Suite struct FourCCTests {
    @Test func roundTripsThroughText() throws {
        for text in ["YUYV", "NV12", "YU12", "MJPG", "H264", "Y16"] {
            #expect(try FourCC(text).description == text)
        }
        #expect(FourCC.yuyv.rawValue == 0x5659_5559)
    }

    @Test func rejectsWhatIsNotAFourCC() {
        for bad in ["", "TOOLONG", "ÿÿ"] {
            #expect(throws: V4L2Error.invalidFourCC(bad)) { try FourCC(bad) }
        }
    }

    @Test func ratesPrintShort() {
        #expect(CaptureFormatReport.formatRate(60) == "60")
        #expect(CaptureFormatReport.formatRate(12.5) == "12.5")
        #expect(CaptureFormatReport.formatRate(30000.0 / 1001) == "29.97")
    }
}
