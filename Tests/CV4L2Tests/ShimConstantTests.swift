import CV4L2
import Testing

/// The shim re-exports values that are macros in the kernel headers. If a header changes
/// how they are spelled, these catch it before any device code silently sends a wrong ioctl.
@Suite struct ShimConstantTests {
    @Test func ioctlRequestCodesMatchTheKernelABI() {
        // _IOR('V', 0, struct v4l2_capability): 104-byte argument, read direction.
        #expect(camstream_vidioc_querycap == 0x8068_5600)
        // _IOWR('V', 17, struct v4l2_buffer) on 64-bit: 88-byte argument.
        #expect(camstream_vidioc_dqbuf == 0xC058_5611)
        // _IOW('V', 18, int)
        #expect(camstream_vidioc_streamon == 0x4004_5612)
    }

    @Test func pixelFormatsAreLittleEndianFourCCs() {
        func fourcc(_ s: String) -> UInt32 {
            s.utf8.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        }
        #expect(camstream_pix_fmt_yuyv == fourcc("YUYV"))
        #expect(camstream_pix_fmt_nv12 == fourcc("NV12"))
        #expect(camstream_pix_fmt_yuv420 == fourcc("YU12"))
        #expect(camstream_pix_fmt_h264 == fourcc("H264"))
        #expect(camstream_pix_fmt_mjpeg == fourcc("MJPG"))
    }
}
