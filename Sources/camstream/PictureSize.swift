import ArgumentParser

/// `--size 1280x720`. Only the form is checked here; the sizes are held to the config's `width`/`height`
/// rules, so the option and the file report the same way.
struct PictureSize: ExpressibleByArgument, Sendable {
    var width: Int
    var height: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        self.width = width
        self.height = height
    }
}
