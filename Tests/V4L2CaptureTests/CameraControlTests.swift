import Testing
import V4L2Capture

@Suite struct CameraControlTests {
    let exposure = CameraControl(
        id: 0x009a_0901, name: "Exposure, Auto", kind: .menu, minimum: 0, maximum: 3, step: 1, defaultValue: 3, flags: 0,
        menu: [.init(index: 1, name: "Manual Mode"), .init(index: 3, name: "Aperture Priority Mode")], current: 3)
    let brightness = CameraControl(
        id: 0x0098_0900, name: "Brightness", kind: .integer, minimum: 0, maximum: 255, step: 1, defaultValue: 128, flags: 0,
        menu: [], current: 128)

    @Test func namesAreSpelledAsV4L2CtlSpellsThem() {
        #expect(CameraControl.key(for: "Exposure, Auto") == "exposure_auto")
        #expect(CameraControl.key(for: "Auto Exposure") == "auto_exposure")
        #expect(CameraControl.key(for: "White Balance Temperature, Auto") == "white_balance_temperature_auto")
        #expect(CameraControl.key(for: "Test Pattern") == "test_pattern")
    }

    @Test func menusTakeItemNamesPrefixesOrIndexes() {
        #expect(exposure.value(parsing: "manual") == .success(1))
        #expect(exposure.value(parsing: "Manual Mode") == .success(1))
        #expect(exposure.value(parsing: "aperture_priority") == .success(3))
        #expect(exposure.value(parsing: "3") == .success(3))
        guard case .failure(let problem) = exposure.value(parsing: "sport") else { Issue.record("sport accepted"); return }
        #expect(problem.reason == "must be one of: manual_mode (1), aperture_priority_mode (3)")
    }

    @Test func integersAreCheckedAgainstTheirRange() {
        #expect(brightness.value(parsing: "60") == .success(60))
        #expect(brightness.value(parsing: " 255 ") == .success(255))
        guard case .failure(let above) = brightness.value(parsing: "256") else { Issue.record("256 accepted"); return }
        #expect(above.reason == "256 is outside 0...255")
        guard case .failure(let word) = brightness.value(parsing: "bright") else { Issue.record("word accepted"); return }
        #expect(word.reason == "must be an integer from 0 to 255")
    }

    @Test func booleansTakeTheUsualSpellings() {
        let flag = CameraControl(
            id: 1, name: "Horizontal Flip", kind: .boolean, minimum: 0, maximum: 1, step: 1, defaultValue: 0, flags: 0, menu: [], current: 0
        )
        for yes in ["true", "on", "1", "YES"] { #expect(flag.value(parsing: yes) == .success(1)) }
        for no in ["false", "off", "0", "no"] { #expect(flag.value(parsing: no) == .success(0)) }
        #expect((try? flag.value(parsing: "maybe").get()) == nil)
    }

    @Test func summaryShowsRangeDefaultAndCurrentValue() {
        #expect(brightness.summary == "brightness  integer  0..255  default 128  now 128")
        #expect(
            exposure.summary
                == "exposure_auto  menu  1=manual_mode 3=aperture_priority_mode  default aperture_priority_mode  now aperture_priority_mode"
        )
    }
}

@Suite struct V4L2IOTests {
    @Test func aPreloadedInterposerGetsTheLibcPath() {
        #expect(V4L2IO.automatic(environment: [:]) == .libv4l2)
        #expect(V4L2IO.automatic(environment: ["LD_PRELOAD": " "]) == .libv4l2)
        #expect(V4L2IO.automatic(environment: ["LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/libcamera/v4l2-compat.so"]) == .libc)
    }

    @Test func aMissingDeviceIsAGoneDeviceNotAConfigurationError() {
        #expect {
            try V4L2Device(path: "/dev/video-camstream-missing", io: .libc)
        } throws: { error in
            guard let error = error as? V4L2Error else { return false }
            return error.isDeviceGone && "\(error)".hasPrefix("cannot open /dev/video-camstream-missing: No such file or directory")
        }
    }

    @Test func aNonVideoNodeIsRefusedWithTheReason() throws {
        // /dev/null opens, but VIDIOC_QUERYCAP is not a call it knows.
        let device = try V4L2Device(path: "/dev/null", io: .libc)
        #expect {
            try device.requireVideoCapture()
        } throws: { error in
            "\(error)".hasPrefix("VIDIOC_QUERYCAP on /dev/null failed: Inappropriate ioctl for device")
        }
    }
}
