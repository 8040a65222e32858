import Testing

@testable import StreamerServer

/// Which POST reaches which tunnel: one GET per cookie, a bounded table, POSTs only from the GET's address.
@Suite struct TunnelCookieTableTests {
    @Test func aPostJoinsTheGetOfItsCookieFromItsAddress() throws {
        var table = TunnelCookieTable<Int>(capacity: 2)
        try table.openData(cookie: "a", address: "127.0.0.1", dataChannel: 1)
        try table.openData(cookie: "b", address: "127.0.0.1", dataChannel: 2)
        #expect(try table.joinPost(cookie: "b", address: "127.0.0.1") == 2)
        #expect(try table.joinPost(cookie: "b", address: "127.0.0.1") == 2, "live555 may open a POST per request")
        #expect(table.entries["b"]?.posts == 2)
    }

    @Test func refusals() throws {
        var table = TunnelCookieTable<Int>(capacity: 1)
        try table.openData(cookie: "a", address: "10.0.0.1", dataChannel: 1)
        #expect(throws: TunnelCookieTable<Int>.Refusal.cookieInUse) { try table.openData(cookie: "a", address: "10.0.0.1", dataChannel: 2) }
        #expect(throws: TunnelCookieTable<Int>.Refusal.full(capacity: 1)) {
            try table.openData(cookie: "b", address: "10.0.0.1", dataChannel: 2)
        }
        #expect(throws: TunnelCookieTable<Int>.Refusal.noSuchTunnel) { try table.joinPost(cookie: "b", address: "10.0.0.1") }
        #expect(throws: TunnelCookieTable<Int>.Refusal.otherAddress) { try table.joinPost(cookie: "a", address: "10.0.0.2") }
        #expect(table.entries["a"]?.posts == 0)
        #expect(TunnelCookieTable<Int>.Refusal.otherAddress.status == (403, "Forbidden"))
        #expect(TunnelCookieTable<Int>.Refusal.noSuchTunnel.status == (400, "Bad Request"))
    }

    @Test func aClosedGetFreesItsCookieAndItsPlace() throws {
        var table = TunnelCookieTable<Int>(capacity: 1)
        try table.openData(cookie: "a", address: "10.0.0.1", dataChannel: 1)
        table.closeData(cookie: "a")
        #expect(throws: TunnelCookieTable<Int>.Refusal.noSuchTunnel) { try table.joinPost(cookie: "a", address: "10.0.0.1") }
        try table.openData(cookie: "c", address: "10.0.0.1", dataChannel: 3)
        #expect(table.entries.count == 1)
    }
}
