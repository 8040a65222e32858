/// A control to set, by its config name (`brightness`, `auto_exposure`) and with its value as written (`128`,
/// `true`, `manual`).
///
/// The value stays text because only the device knows how to read it: by the control's kind, a number, a
/// boolean or a menu item by name, as `v4l2-ctl --set-ctrl` does. The config file, `--control` and the
/// pipeline all hand controls on in this one form.
public struct ControlSetting: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
