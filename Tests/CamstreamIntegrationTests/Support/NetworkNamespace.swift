import Foundation
import ProcessTestSupport

/// A network namespace of the test's own (`ip netns`), with only a loopback interface that carries multicast:
/// multicast tests send to their group there, so no packet ever reaches a real network, and the host's routes
/// are never touched. Needs root (CI runs as root); otherwise `sudo -n`.
final class NetworkNamespace: @unchecked Sendable {
    // @unchecked: immutable after init.
    let name: String
    private let sudo: [String]

    /// Runs `body` with a fresh namespace and deletes it afterwards, whether `body` succeeded or threw.
    static func with<Result>(_ purpose: String, _ body: (NetworkNamespace) async throws -> Result) async throws -> Result {
        let namespace = try await NetworkNamespace(purpose)
        do {
            let result = try await body(namespace)
            await namespace.delete()
            return result
        } catch {
            await namespace.delete()
            throw error
        }
    }

    private init(_ purpose: String) async throws {
        name = "camstream-\(purpose)-\(getpid())"
        sudo = getuid() == 0 ? [] : ["sudo", "-n"]
        _ = try? await Self.run(sudo + ["ip", "netns", "del", name])
        for command in [
            ["ip", "netns", "add", name],
            ["ip", "-n", name, "link", "set", "lo", "up"],
            ["ip", "-n", name, "link", "set", "lo", "multicast", "on"],
            // `src`: without it a host-scope 127.0.0.1 is not eligible and multicast leaves from 0.0.0.0, so
            // receivers could not tell who sent what.
            ["ip", "-n", name, "route", "add", "224.0.0.0/4", "dev", "lo", "src", "127.0.0.1"],
        ] {
            let result = try await Self.run(sudo + command)
            guard result.status == 0 else {
                throw Failure(
                    description:
                        "'\(command.joined(separator: " "))' failed (\(result.status)): \(result.stderr) — multicast tests need root or passwordless sudo"
                )
            }
        }
    }

    /// The command line that runs `arguments` inside the namespace.
    func command(_ arguments: [String]) -> [String] {
        sudo + ["ip", "netns", "exec", name] + arguments
    }

    func delete() async {
        _ = try? await Self.run(sudo + ["ip", "netns", "del", name])
    }

    private static func run(_ command: [String]) async throws -> Subprocess.Result {
        try await Subprocess.run(command[0], Array(command.dropFirst()), timeout: .seconds(10))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
