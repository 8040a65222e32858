import Foundation
import ProcessTestSupport
import Testing

/// The camera acceptance tests: camstream against the kernel's real vivid driver, in a QEMU guest
/// booting Debian's own kernel (scripts/vivid-vm). The guest runs scripts/vivid-vm/guest-checks
/// once; each check it reports is one test here, so a failure names what broke and shows why.
@Suite(.serialized, .timeLimit(.minutes(30)))
struct VividVMTests {
    /// Every check guest-checks makes; a check missing from its output fails like a failed one.
    static let checks = [
        "devices_lists_vivid", "devices_sizes_and_rates", "controls_match_v4l2_ctl",
        "unsupported_size_lists_formats", "bad_controls_are_clear_errors",
        "stream_YUYV_320x180", "stream_YUYV_640x360", "stream_NV12_320x180", "stream_NV12_640x360",
        "stream_YU12_320x180", "stream_YU12_640x360",
        "controls_set_and_read_back", "source_auto_picks_vivid",
        "disconnect_keeps_session", "fatal_error_keeps_session", "one_session_throughout",
        "dropped_frames_counted", "missing_camera_waited_for",
        "preload_sees_libc_path", "encoder_fault_ends_camera_stream",
        "stream_H264_passthrough", "h264_camera_late_gets_503_then_streams", "stream_MJPEG_decoded_by_camstream",
        "mjpeg_snapshot_is_the_cameras_jpeg", "mjpeg_on_the_libc_path",
        // scripts/vivid-vm/libcamera-checks: libcamera's vimc pipeline handler against the vimc driver.
        "libcamera_cam_lists_vimc", "libcamera_devices_lists_vimc", "libcamera_controls_listed", "libcamera_stream_384x216",
        "libcamera_joiner_starts_on_idr", "libcamera_substream_snapshot_status", "libcamera_control_reaches_sensor",
        "libcamera_orientation_refusal_is_clear", "libcamera_auto_prefers_vimc", "libcamera_rebind_keeps_session",
    ]

    @Test(arguments: checks)
    func guestCheck(_ name: String) async throws {
        let run = try await VividVM.shared.value
        let line = run.lines.first { $0.hasPrefix("check \(name) ") }
        #expect(line == "check \(name) ok", "\(line ?? "check \(name) did not report; VM output:\n\(run.output)")")
    }

    /// The guest exits with the number of failed checks, and reports nothing this list lacks.
    @Test func guestReportsOnlyKnownChecksAndExitsZero() async throws {
        let run = try await VividVM.shared.value
        // What the guest measured (`figure NAME values`), into the test log.
        for line in run.lines where line.hasPrefix("figure ") { print("vivid VM \(line)") }
        let reported = run.lines.filter { $0.hasPrefix("check ") }.compactMap {
            $0.split(separator: " ").dropFirst().first.map(String.init)
        }
        #expect(Set(reported) == Set(Self.checks), "reported: \(reported)")
        #expect(run.status == 0, "VM output:\n\(run.output)")
    }
}

/// One boot of the vivid VM, shared by every test above.
enum VividVM {
    struct Run: Sendable {
        var status: Int32
        var output: String
        var lines: [String] { output.split(separator: "\n").map(String.init) }
    }

    static let shared = Task<Run, any Error> {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cache = repository.appendingPathComponent(".build-vm")
        // The guest sees this machine's root, so a script in a temporary directory here is there too.
        let driver = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-vivid-\(getpid()).sh")
        let script = """
            CAMSTREAM='\(CamstreamProcess.executablePath)'
            VM_CACHE='\(cache.path)'
            . '\(repository.appendingPathComponent("scripts/vivid-vm/guest-checks").path)'

            """
        try script.write(to: driver, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: driver) }
        let result = try await Subprocess.run(
            repository.appendingPathComponent("scripts/vivid-vm/run").path, [driver.path, "1500"], timeout: .seconds(1560))
        return Run(status: result.status, output: result.stdoutText + (result.stderr.isEmpty ? "" : "\n[stderr]\n" + result.stderr))
    }
}
