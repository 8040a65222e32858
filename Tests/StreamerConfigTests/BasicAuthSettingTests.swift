import StreamerConfig
import Testing

/// Basic authentication is off unless the file turns it on, and only `true`/`false` do that.
@Suite struct BasicAuthSettingTests {
    @Test func offByDefaultOnWhenAsked() throws {
        #expect(try ConfigLoader.decode(text: "", path: "c.yml").config.server.allowBasicAuth == false)
        #expect(try ConfigLoader.decode(text: "server:\n  allow_basic_auth: true\n", path: "c.yml").config.server.allowBasicAuth)
    }

    @Test(arguments: ["yes", "\"true\"", "1"])
    func onlyABooleanIsAccepted(value: String) {
        do {
            _ = try ConfigLoader.decode(text: "server:\n  allow_basic_auth: \(value)\n", path: "c.yml")
            Issue.record("allow_basic_auth: \(value) was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description).contains { $0.hasPrefix("c.yml:2:21: error: server.allow_basic_auth: expected true or false") })
        }
    }
}
