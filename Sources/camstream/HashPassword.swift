import ArgumentParser
import RTSPAuth
import StreamerServer

#if canImport(Glibc)
import Glibc
#endif

/// `camstream hash-password NAME`: the `password_hash` line for a user, so the config need not hold the password.
struct HashPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Print a password_hash for users: in the config (reads the password from standard input).",
        discussion: "Example: camstream hash-password viewer   (then type the password and press Enter)")

    @Argument(help: "The user name the hash is for (it is part of the hash).")
    var name: String

    func run() throws {
        if isatty(STDIN_FILENO) != 0 { print("Password for \(name): ", terminator: "") }
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("no password given on standard input")
        }
        print("password_hash: \"\(UserCredentials.hashLine(name: name, password: password, realm: ServerConfiguration.realm))\"")
    }
}
