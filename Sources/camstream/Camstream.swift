import ArgumentParser

/// The command line: streaming is the default, the other subcommands inspect and check.
@main
struct Camstream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camstream",
        abstract: "A small, fast camera streamer: a V4L2 camera (or a test pattern) as H.264 over RTSP.",
        version: Camstream.version,
        subcommands: [
            Serve.self, Devices.self, Controls.self, HashPassword.self, CheckConfig.self, DoctorCommand.self, LibcameraCaptureCommand.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// `camstream --version`, and what `/api/status` reports.
    static let version = "0.1.0"
}
