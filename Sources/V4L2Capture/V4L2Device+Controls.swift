import CV4L2

#if canImport(Glibc)
    import Glibc
#endif

/// V4L2_CTRL_FLAG_* bits used outside this file.
enum ControlFlags {
    static let readOnly = camstream_ctrl_flag_read_only
    static let inactive = camstream_ctrl_flag_inactive
}

extension V4L2Device {
    /// Every control the device has, with menus and current values.
    ///
    /// Corresponding ioctls: VIDIOC_QUERY_EXT_CTRL (with V4L2_CTRL_FLAG_NEXT_CTRL), VIDIOC_QUERYMENU, VIDIOC_G_CTRL.
    public func controls() throws(V4L2Error) -> [CameraControl] {
        var result: [CameraControl] = []
        // NEXT_COMPOUND too, so arrays and areas are listed (as compound, not settable here).
        let next = camstream_ctrl_flag_next_ctrl | camstream_ctrl_flag_next_compound
        var nextID = next
        for _ in 0..<1024 {
            var query = v4l2_query_ext_ctrl()
            query.id = nextID
            do {
                try control(camstream_vidioc_query_ext_ctrl, "VIDIOC_QUERY_EXT_CTRL", &query)
            } catch .ioctlFailed(_, _, let code) where code == EINVAL || code == ENOTTY {
                break
            }
            nextID = query.id | next
            guard query.flags & camstream_ctrl_flag_disabled == 0, let kind = Self.kind(query.type, dimensions: query.nr_of_dims) else {
                continue
            }
            var description = CameraControl(
                id: query.id, name: Self.string(query.name), kind: kind, minimum: query.minimum, maximum: query.maximum,
                step: Int64(query.step), defaultValue: query.default_value, flags: query.flags, menu: [], current: nil)
            if kind == .menu || kind == .integerMenu {
                description.menu = menuItems(
                    id: query.id, range: query.minimum...max(query.minimum, query.maximum), integers: kind == .integerMenu)
            }
            if [.integer, .boolean, .menu, .integerMenu, .bitmask].contains(kind), query.flags & camstream_ctrl_flag_write_only == 0 {
                // G_CTRL returns an s32; a bitmask is a u32.
                description.current = (try? value(of: query.id)).map { kind == .bitmask ? Int64(UInt32(truncatingIfNeeded: $0)) : $0 }
            }
            result.append(description)
        }
        return result
    }

    /// Sets a control by its config name (`brightness`, `auto_exposure`) and reads back what the
    /// driver kept, which may be clamped.
    ///
    /// Corresponding ioctls: VIDIOC_S_CTRL, VIDIOC_G_CTRL.
    @discardableResult
    public func setControl(named name: String, to text: String) throws(V4L2Error) -> (control: CameraControl, value: Int64) {
        let all = try controls()
        let key = CameraControl.key(for: name)
        guard let found = all.first(where: { $0.key == key }) else {
            throw .unknownControl(device: path, name: name, available: all.map(\.key))
        }
        if found.isReadOnly {
            throw .invalidControlValue(device: path, name: found.key, value: text, reason: "the control is read-only")
        }
        let number: Int64
        switch found.value(parsing: text) {
        case .success(let value): number = value
        case .failure(let problem): throw .invalidControlValue(device: path, name: found.key, value: text, reason: problem.reason)
        }
        guard let value32 = Int32(exactly: number) else {
            throw .invalidControlValue(device: path, name: found.key, value: text, reason: "64-bit values are not supported")
        }
        var setting = v4l2_control(id: found.id, value: value32)
        do {
            try control(camstream_vidioc_s_ctrl, "VIDIOC_S_CTRL", &setting)
        } catch .ioctlFailed(_, _, let code) where [EINVAL, ERANGE, EACCES, EBUSY, EPERM].contains(code) {
            throw .invalidControlValue(device: path, name: found.key, value: text, reason: "the driver refused it: \(V4L2Error.text(code))")
        }
        if found.kind == .button { return (found, 1) }
        return (found, try value(of: found.id))
    }

    /// A control's value by id.
    ///
    /// Corresponding ioctl: VIDIOC_G_CTRL.
    public func value(of id: UInt32) throws(V4L2Error) -> Int64 {
        var reading = v4l2_control(id: id, value: 0)
        try control(camstream_vidioc_g_ctrl, "VIDIOC_G_CTRL", &reading)
        return Int64(reading.value)
    }

    /// Presses a button control such as V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME; false if the device has none.
    public func pressButton(id: UInt32) -> Bool {
        var setting = v4l2_control(id: id, value: 1)
        return (try? control(camstream_vidioc_s_ctrl, "VIDIOC_S_CTRL", &setting)) != nil
    }

    private func menuItems(id: UInt32, range: ClosedRange<Int64>, integers: Bool) -> [CameraControl.MenuItem] {
        // A menu has a handful of items; a driver claiming more is not enumerated (and cannot overflow `count`).
        let (span, overflow) = range.upperBound.subtractingReportingOverflow(range.lowerBound)
        guard !overflow, span < 256 else { return [] }
        return range.compactMap { index in
            var item = v4l2_querymenu()
            item.id = id
            item.index = UInt32(truncatingIfNeeded: index)
            guard (try? control(camstream_vidioc_querymenu, "VIDIOC_QUERYMENU", &item)) != nil else { return nil }
            let name = integers ? "\(item.value)" : Self.string(item.name)
            return CameraControl.MenuItem(index: index, name: name)
        }
    }

    private static func kind(_ type: UInt32, dimensions: UInt32) -> CameraControl.Kind? {
        if dimensions > 0 { return .compound }
        switch v4l2_ctrl_type(rawValue: type) {
        case V4L2_CTRL_TYPE_INTEGER: return .integer
        case V4L2_CTRL_TYPE_BOOLEAN: return .boolean
        case V4L2_CTRL_TYPE_MENU: return .menu
        case V4L2_CTRL_TYPE_INTEGER_MENU: return .integerMenu
        case V4L2_CTRL_TYPE_BUTTON: return .button
        case V4L2_CTRL_TYPE_INTEGER64: return .integer64
        case V4L2_CTRL_TYPE_STRING: return .string
        case V4L2_CTRL_TYPE_BITMASK: return .bitmask
        case V4L2_CTRL_TYPE_CTRL_CLASS: return nil
        default: return .compound
        }
    }
}
