import Testing

@testable import StreamerServer

@Suite struct RTPPortAllocatorTests {
    @Test func pairsAreEvenAndComeFromTheRange() {
        var allocator = RTPPortAllocator(range: 50001...50010)
        #expect(allocator.capacity == 4)
        let ports = (0..<4).compactMap { _ in allocator.allocate() }
        #expect(ports == [50002, 50004, 50006, 50008])
        #expect(allocator.allocate() == nil)
    }

    @Test func freedPairsAreReusedAfterTheOthers() {
        var allocator = RTPPortAllocator(range: 50000...50005)
        let first = allocator.allocate()
        let second = allocator.allocate()
        #expect(first == 50000 && second == 50002)
        allocator.release(50000)
        // Round-robin: the never-used pair first, so late packets of an old session miss the new one.
        #expect(allocator.allocate() == 50004)
        #expect(allocator.allocate() == 50000)
        #expect(allocator.allocate() == nil)
    }

    @Test func rejectedPortsAreSkipped() {
        var allocator = RTPPortAllocator(range: 50000...50005)
        #expect(allocator.allocate(excluding: [50000, 50002]) == 50004)
    }

    @Test func aRangeTooSmallForAPairHasNone() {
        var allocator = RTPPortAllocator(range: 50001...50002)
        #expect(allocator.capacity == 0)
        #expect(allocator.allocate() == nil)
    }
}
