/// The skeletons of rows set aside (`RowSkeleton`), run by run, each run in `RowOrder`; merged
/// once into one array in that order, for the dedupe and cross-checks.
///
/// A run is kept in chunks of its own memory, and the merge moves each skeleton out and frees
/// a chunk as soon as it has taken its last one. One array grown run after run, then sorted
/// through a second buffer as large, held every skeleton two or three times over at its peak
/// (ten million skeletons are 320 MB).
final class SkeletonRuns {
    /// Skeletons in one allocation; those before `taken` were moved out.
    private struct Chunk {
        let base: UnsafeMutablePointer<EvaluatedRow>
        let count: Int
        var taken = 0
    }

    private var runs: [[Chunk]] = []
    /// Skeletons added and not yet merged.
    private(set) var count = 0
    private static let chunkSize = 1 << 15

    /// Empty.
    init() {}

    deinit {
        for run in runs {
            for chunk in run {
                (chunk.base + chunk.taken).deinitialize(count: chunk.count - chunk.taken)
                chunk.base.deallocate()
            }
        }
    }

    /// Adds a run, already in `RowOrder`.
    func add(_ run: some Sequence<EvaluatedRow>) {
        var chunks: [Chunk] = []
        var iterator = run.makeIterator()
        var more = true
        while more {
            let base = UnsafeMutablePointer<EvaluatedRow>.allocate(capacity: Self.chunkSize)
            var filled = 0
            while filled < Self.chunkSize {
                guard let skeleton = iterator.next() else {
                    more = false
                    break
                }
                (base + filled).initialize(to: skeleton)
                filled += 1
            }
            guard filled > 0 else {
                base.deallocate()
                break
            }
            chunks.append(Chunk(base: base, count: filled))
        }
        count += chunks.reduce(0) { $0 + $1.count }
        if !chunks.isEmpty { runs.append(chunks) }
    }

    /// Every skeleton in `RowOrder`, the runs merged; nothing is left here after.
    func merged() -> [EvaluatedRow] {
        var out: [EvaluatedRow] = []
        out.reserveCapacity(count)
        // Each run's next chunk to take from, and a binary heap of the runs by their heads.
        var next = [Int](repeating: 0, count: runs.count)
        var heap = Array(runs.indices)
        func head(_ run: Int) -> UnsafeMutablePointer<EvaluatedRow> {
            let chunk = runs[run][next[run]]
            return chunk.base + chunk.taken
        }
        func less(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (head(heap[a]), head(heap[b]))
            let order = ByteOrder.compare(x.pointee.key, y.pointee.key)
            return order != 0 ? order < 0 : x.pointee.line < y.pointee.line
        }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                var smallest = parent
                if 2 * parent + 1 < heap.count, less(2 * parent + 1, smallest) { smallest = 2 * parent + 1 }
                if 2 * parent + 2 < heap.count, less(2 * parent + 2, smallest) { smallest = 2 * parent + 2 }
                guard smallest != parent else { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        while let run = heap.first {
            out.append(head(run).move())
            runs[run][next[run]].taken += 1
            if runs[run][next[run]].taken == runs[run][next[run]].count {
                runs[run][next[run]].base.deallocate()
                next[run] += 1
                if next[run] == runs[run].count {
                    heap.swapAt(0, heap.count - 1)
                    heap.removeLast()
                }
            }
            if !heap.isEmpty { siftDown(0) }
        }
        runs = []
        count = 0
        return out
    }
}
