import ArgumentParser
import DeploymentDoctor

/// `camstream doctor`: the network checks a person needs when viewers cannot see the camera.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check ports and addresses: what a router must forward, the URLs for viewers here and outside, and why a player may connect but show no picture.",
        discussion: "Exits 1 when a check fails (a configured port cannot be bound), 78 when the config is invalid."
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let loaded = try options.load()
        for warning in loaded.warnings { StandardError.write("\(warning)\n") }
        let report = Doctor(config: loaded.config, configFile: loaded.file, addresses: LocalAddress.current()).examine()
        print(report.rendered, terminator: "")
        if report.problems > 0 { throw ExitCode(1) }
    }
}
