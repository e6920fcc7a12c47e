import Testing

@testable import IntakeRunner

/// Chunks read as the array of what was appended, across chunk boundaries, and filter to the
/// array's filter.
@Suite struct ChunksTests {
    @Test(arguments: [0, 1, 65_535, 65_536, 65_537, 200_001])
    func chunksReadAsTheArray(count: Int) {
        var chunks = Chunks<Int>()
        for n in 0..<count { chunks.append(n &* 2_654_435_761 % 1_000_003) }
        let array = (0..<count).map { $0 &* 2_654_435_761 % 1_000_003 }
        #expect(chunks.count == count && Array(chunks) == array)
        for position in [0, 1, 65_535, 65_536, 65_537, count - 1] where position >= 0 && position < count {
            #expect(chunks[position] == array[position])
        }
        let odd = chunks.filter { $0 % 2 == 1 }
        #expect(Array(odd) == array.filter { $0 % 2 == 1 })
        #expect(odd.count == array.filter { $0 % 2 == 1 }.count)
    }
}
