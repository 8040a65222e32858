import CX264
import H264
import NIOCore

/// A thin adapter over libx264 configured for live, low-latency streaming.
///
/// Opening an encoder turns transparent huge pages off for the whole process (`PR_SET_THP_DISABLE`):
/// libx264 asks for 2 MB huge pages for each of its large buffers and touches only part of each, so they
/// cost RSS it does not use: 6.8 MB at 1280x720 (23.0 → 16.2 MB for libx264 alone), 6.4 MB at 1920x1080,
/// for no measurable difference in cycles per frame (bench/tools/x264-alone, see docs/performance.md).
///
/// Not thread-safe: one capture thread owns it and calls `encode` once per frame.
public final class X264Encoder {
    public let settings: EncoderSettings
    /// SPS and PPS, known right after opening so that DESCRIBE never waits for a first frame.
    public let parameterSets: ParameterSets
    private let handle: OpaquePointer
    private let layout: RawPicture.Layout
    private var framesEncoded: Int64 = 0
    private let allocator = ByteBufferAllocator()

    public init(settings: EncoderSettings, inputLayout: RawPicture.Layout = .i420) throws {
        guard EncoderSettings.presets.contains(settings.preset) else {
            throw X264EncoderError.unknownPreset(settings.preset)
        }
        guard settings.width > 0, settings.height > 0, settings.width % 2 == 0, settings.height % 2 == 0 else {
            throw X264EncoderError.invalidSettings("size \(settings.width)x\(settings.height) must be positive and even")
        }
        guard settings.framesPerSecond > 0, settings.bitrateKbps > 0, settings.keyframeInterval > 0 else {
            throw X264EncoderError.invalidSettings("frame rate, bitrate and keyframe interval must be positive")
        }
        var param = x264_param_t()
        guard x264_param_default_preset(&param, settings.preset, "zerolatency") == 0 else {
            throw X264EncoderError.unknownPreset(settings.preset)
        }
        param.i_log_level = camstream_x264_log_warning
        param.i_width = Int32(settings.width)
        param.i_height = Int32(settings.height)
        param.i_csp = inputLayout == .nv12 ? camstream_x264_csp_nv12 : camstream_x264_csp_i420
        param.i_fps_num = UInt32(settings.framesPerSecond)
        param.i_fps_den = 1
        param.i_timebase_num = 1
        param.i_timebase_den = UInt32(settings.framesPerSecond)
        param.b_vfr_input = 0
        param.i_threads = Int32(settings.threads)
        param.b_sliced_threads = 1
        param.i_bframe = 0
        param.rc.i_lookahead = 0
        param.i_sync_lookahead = 0
        param.i_keyint_max = Int32(settings.keyframeInterval)
        param.i_keyint_min = Int32(min(settings.keyframeInterval, settings.framesPerSecond))
        param.b_intra_refresh = 0
        param.rc.i_rc_method = camstream_x264_rc_abr
        param.rc.i_bitrate = Int32(settings.bitrateKbps)
        param.rc.i_vbv_max_bitrate = Int32(settings.bitrateKbps)
        // Half a second of buffer: enough that an on-demand IDR keeps its quality,
        // small enough that the sender never bursts far above the configured rate.
        param.rc.i_vbv_buffer_size = Int32(max(settings.bitrateKbps / 2, 1))
        // SPS and PPS before every IDR, so any IDR is a clean entry point for a new viewer.
        param.b_repeat_headers = 1
        param.b_annexb = 1
        param.b_aud = 0
        // x264 treats the profile as a ceiling and signals the lowest one the enabled tools need;
        // ultrafast turns CABAC and 8x8 transforms off, which would make every stream baseline.
        // Asking for main or high turns on what makes them worth asking for.
        if settings.profile != .baseline { param.b_cabac = 1 }
        if settings.profile == .high { param.analyse.b_transform_8x8 = 1 }
        guard x264_param_apply_profile(&param, settings.profile.rawValue) == 0 else {
            throw X264EncoderError.invalidSettings("profile \(settings.profile.rawValue) does not fit these settings")
        }
        // Before x264 allocates anything: see the type's documentation.
        _ = camstream_disable_transparent_huge_pages()
        guard let handle = camstream_x264_encoder_open(&param) else {
            throw X264EncoderError.openFailed(width: settings.width, height: settings.height)
        }

        var nals: UnsafeMutablePointer<x264_nal_t>?
        var count: Int32 = 0
        let headerBytes = x264_encoder_headers(handle, &nals, &count)
        let units = headerBytes > 0 ? Self.copyNALUnits(nals, count: count, allocator: allocator) : []
        guard let parameterSets = ParameterSets(nalUnits: units) else {
            x264_encoder_close(handle)
            throw X264EncoderError.invalidSettings("x264 produced no SPS/PPS")
        }
        self.settings = settings
        self.handle = handle
        self.layout = inputLayout
        self.parameterSets = parameterSets
    }

    deinit {
        x264_encoder_close(handle)
    }

    /// Encodes one picture. `forceIDR` makes this frame an IDR (with SPS and PPS before it):
    /// the way a joining viewer gets a decodable picture at once instead of at the next scheduled keyframe.
    /// Returns nil only if x264 buffered the frame, which zerolatency never does.
    public func encode(_ picture: RawPicture, captureTime: UInt64, forceIDR: Bool) throws -> AccessUnit? {
        let planeCount = layout == .nv12 ? 2 : 3
        guard picture.planes.count == planeCount, picture.strides.count == planeCount else {
            throw X264EncoderError.pictureLayoutMismatch(expected: planeCount, got: picture.planes.count)
        }
        var input = x264_picture_t()
        x264_picture_init(&input)
        input.img.i_csp = layout == .nv12 ? camstream_x264_csp_nv12 : camstream_x264_csp_i420
        input.img.i_plane = Int32(planeCount)
        withUnsafeMutablePointer(to: &input.img.plane) { tuple in
            tuple.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 4) { planes in
                for index in 0..<planeCount {
                    planes[index] = UnsafeMutablePointer(mutating: picture.planes[index].assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        withUnsafeMutablePointer(to: &input.img.i_stride) { tuple in
            tuple.withMemoryRebound(to: Int32.self, capacity: 4) { strides in
                for index in 0..<planeCount { strides[index] = Int32(picture.strides[index]) }
            }
        }
        input.i_pts = framesEncoded
        input.i_type = forceIDR ? camstream_x264_type_idr : camstream_x264_type_auto
        framesEncoded += 1

        var output = x264_picture_t()
        var nals: UnsafeMutablePointer<x264_nal_t>?
        var count: Int32 = 0
        let size = x264_encoder_encode(handle, &nals, &count, &input, &output)
        guard size >= 0 else { throw X264EncoderError.encodeFailed(code: size) }
        guard size > 0 else { return nil }
        return AccessUnit(nalUnits: Self.copyNALUnits(nals, count: count, allocator: allocator), captureTime: captureTime)
    }

    /// x264's NAL payloads are only valid until the next call, so they are copied once, into one buffer,
    /// and handed out as slices of it without their Annex-B start codes.
    private static func copyNALUnits(
        _ nals: UnsafeMutablePointer<x264_nal_t>?, count: Int32, allocator: ByteBufferAllocator
    ) -> [ByteBuffer] {
        guard let nals, count > 0 else { return [] }
        let all = UnsafeBufferPointer(start: nals, count: Int(count))
        var buffer = allocator.buffer(capacity: all.reduce(0) { $0 + Int($1.i_payload) })
        for nal in all {
            guard let bytes = payload(of: nal) else { continue }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[startCodeLength(bytes)...]))
        }
        // Sliced only after all writes, so the storage stays uniquely referenced while written (no copy).
        var units: [ByteBuffer] = []
        units.reserveCapacity(all.count)
        for nal in all {
            guard let bytes = payload(of: nal), let unit = buffer.readSlice(length: bytes.count - startCodeLength(bytes)) else { continue }
            units.append(unit)
        }
        return units
    }

    private static func payload(of nal: x264_nal_t) -> UnsafeRawBufferPointer? {
        guard let payload = nal.p_payload, nal.i_payload > 0 else { return nil }
        return UnsafeRawBufferPointer(start: payload, count: Int(nal.i_payload))
    }

    private static func startCodeLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0, bytes[3] == 1 { return 4 }
        if bytes.count >= 3, bytes[0] == 0, bytes[1] == 0, bytes[2] == 1 { return 3 }
        return 0
    }
}
