/// Elements appended in chunks of 65,536 that never move: an array grown by doubling copies
/// itself into storage twice as large, both held during the copy, and mimalloc keeps the old
/// for the run (ten million rows' parent references: 26 MB more at the checks' peak).
struct Chunks<Element>: RandomAccessCollection {
    /// Elements a chunk holds.
    private static var chunkSize: Int { 1 << 16 }
    private var chunks: [[Element]] = []
    /// Elements held.
    private(set) var endIndex = 0

    /// None.
    init() {}

    /// The first position.
    var startIndex: Int { 0 }

    /// The element at `position`.
    subscript(position: Int) -> Element {
        chunks[position / Self.chunkSize][position % Self.chunkSize]
    }

    /// Appends `element` after the last.
    mutating func append(_ element: Element) {
        if endIndex % Self.chunkSize == 0 {
            chunks.append([])
            // The first grows as it fills: most lists of references are short.
            if endIndex > 0 { chunks[chunks.count - 1].reserveCapacity(Self.chunkSize) }
        }
        chunks[chunks.count - 1].append(element)
        endIndex += 1
    }

    /// The elements that satisfy `isIncluded`, in order, in chunks of their own.
    func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> Chunks {
        var kept = Chunks()
        for chunk in chunks {
            for element in chunk where try isIncluded(element) { kept.append(element) }
        }
        return kept
    }
}

extension Chunks: Sendable where Element: Sendable {}
