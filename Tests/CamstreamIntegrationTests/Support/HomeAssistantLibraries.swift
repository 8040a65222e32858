import Foundation
import ProcessTestSupport

/// A Python virtual environment with the libraries Home Assistant's ONVIF integration uses, onvif-zeep-async and
/// WSDiscovery, at the versions these tests were written against; made once under .build and reused, so only
/// the first run downloads them from PyPI.
enum HomeAssistantLibraries {
    static let versions = ["onvif-zeep-async==4.3.0", "WSDiscovery==2.1.2"]
    static let directory = Repository.path(".build/onvif-venv")
    static var python: String { directory + "/bin/python" }
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "ONVIF")

    static func script(_ name: String) -> String { scripts.appendingPathComponent(name).path }

    /// The environment's Python, made first if it is missing or lacks the libraries.
    static func prepare() async throws -> String {
        let check = try? await Subprocess.run(python, ["-c", "import onvif, wsdiscovery, zeep"], timeout: .seconds(30))
        if check?.status == 0 { return python }
        // Debian's python3 (python3-venv); the pyenv python on PATH may lack ensurepip.
        let made = try await Subprocess.run("/usr/bin/python3", ["-m", "venv", "--clear", directory], timeout: .seconds(120))
        guard made.status == 0 else { throw Failure(description: "python3 -m venv failed: \(made.stderr) (apt install python3-venv)") }
        let installed = try await Subprocess.run(
            directory + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check"] + versions, timeout: .seconds(300))
        guard installed.status == 0 else { throw Failure(description: "pip install \(versions) failed: \(installed.stderr)") }
        return python
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
