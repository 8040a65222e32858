import Foundation
import ProcessTestSupport

/// Two network namespaces of the test's own joined by a veth pair (10.203.x.1 and .2/24), each with a
/// multicast route over the pair: a LAN of two hosts for WS-Discovery, where a camera in one answers a
/// recorder's Probe in the other and no packet reaches a real network. Deleted afterwards whatever happened
/// (deleting a namespace deletes its end of the pair, and with it the other end). Needs root or `sudo -n`.
final class NamespacePair: @unchecked Sendable {
    // @unchecked: immutable after init.
    let camera: String
    let recorder: String
    let cameraAddress: String
    let recorderAddress: String
    private let sudo: [String]

    static func with<Result>(_ purpose: String, subnet: Int, _ body: (NamespacePair) async throws -> Result) async throws -> Result {
        let pair = try await NamespacePair(purpose, subnet: subnet)
        do {
            let result = try await body(pair)
            await pair.delete()
            return result
        } catch {
            await pair.delete()
            throw error
        }
    }

    private init(_ purpose: String, subnet: Int) async throws {
        let suffix = "\(getpid() % 100_000)"
        camera = "camstream-\(purpose)-cam-\(suffix)"
        recorder = "camstream-\(purpose)-nvr-\(suffix)"
        cameraAddress = "10.203.\(subnet).1"
        recorderAddress = "10.203.\(subnet).2"
        sudo = getuid() == 0 ? [] : ["sudo", "-n"]
        // Interface names are at most 15 characters.
        let cameraLink = "cs\(suffix)c\(subnet)", recorderLink = "cs\(suffix)r\(subnet)"
        await delete()
        var commands = [
            ["ip", "netns", "add", camera], ["ip", "netns", "add", recorder],
            ["ip", "link", "add", cameraLink, "type", "veth", "peer", "name", recorderLink],
            ["ip", "link", "set", cameraLink, "netns", camera], ["ip", "link", "set", recorderLink, "netns", recorder],
        ]
        for (namespace, link, address) in [(camera, cameraLink, cameraAddress), (recorder, recorderLink, recorderAddress)] {
            commands += [
                ["ip", "-n", namespace, "link", "set", "lo", "up"],
                ["ip", "-n", namespace, "addr", "add", "\(address)/24", "dev", link],
                ["ip", "-n", namespace, "link", "set", link, "up"],
                ["ip", "-n", namespace, "route", "add", "224.0.0.0/4", "dev", link],
            ]
        }
        for command in commands {
            let result = try await Self.run(sudo + command)
            guard result.status == 0 else {
                await delete()
                throw NetworkNamespace.Failure(
                    description:
                        "'\(command.joined(separator: " "))' failed (\(result.status)): \(result.stderr) — discovery tests need root or passwordless sudo"
                )
            }
        }
    }

    /// The command line that runs `arguments` inside `namespace`.
    func command(in namespace: String, _ arguments: [String]) -> [String] {
        sudo + ["ip", "netns", "exec", namespace] + arguments
    }

    func delete() async {
        for namespace in [camera, recorder] { _ = try? await Self.run(sudo + ["ip", "netns", "del", namespace]) }
    }

    private static func run(_ command: [String]) async throws -> Subprocess.Result {
        try await Subprocess.run(command[0], Array(command.dropFirst()), timeout: .seconds(10))
    }
}
