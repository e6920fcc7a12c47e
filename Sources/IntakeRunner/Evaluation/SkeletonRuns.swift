import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The skeletons of rows set aside (`RowSkeleton`), run by run, each run in `RowOrder`; merged
/// once into one array in that order, for the dedupe and cross-checks.
///
/// A run is kept in chunks mapped from the kernel, and the merge moves each skeleton out and
/// unmaps a chunk as soon as it has taken its last one, so the merged array takes the place of
/// the runs instead of adding to them. One array grown run after run, then sorted through a
/// second buffer as large, held every skeleton twice over at its peak (ten million skeletons
/// are 320 MB). The chunks are not the allocator's: it keeps what is freed for the run's later
/// allocations, and the merged array is one allocation too large to be made of them.
final class SkeletonRuns {
    /// Skeletons in one allocation; those before `taken` were moved out.
    private struct Chunk {
        let base: UnsafeMutablePointer<EvaluatedRow>
        let count: Int
        var taken = 0
    }

    /// Each run's chunks, in order.
    private var runs: [[Chunk]] = []
    /// Skeletons added and not yet merged.
    private(set) var count = 0
    /// Skeletons a chunk holds: a mebibyte of them.
    private static let chunkSize = 1 << 15

    /// Empty.
    init() {}

    deinit {
        for run in runs {
            for chunk in run {
                (chunk.base + chunk.taken).deinitialize(count: chunk.count - chunk.taken)
                Self.unmap(chunk.base)
            }
        }
    }

    /// A chunk's size in bytes.
    private static let chunkBytes = chunkSize * MemoryLayout<EvaluatedRow>.stride

    /// A chunk's memory, straight from the kernel; nil when it has none to give.
    private static func map() -> UnsafeMutablePointer<EvaluatedRow>? {
        guard let memory = mmap(nil, chunkBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else {
            return nil
        }
        return memory.bindMemory(to: EvaluatedRow.self, capacity: chunkSize)
    }

    /// Gives a chunk's memory back to the kernel; its skeletons were moved out.
    private static func unmap(_ base: UnsafeMutablePointer<EvaluatedRow>) {
        munmap(UnsafeMutableRawPointer(base), chunkBytes)
    }

    /// Adds a run, already in `RowOrder`.
    func add(_ run: some Sequence<EvaluatedRow>) {
        var chunks: [Chunk] = []
        var iterator = run.makeIterator()
        var more = true
        while more {
            // Out of address space, a plan cannot go on: the allocator would trap the same way.
            guard let base = Self.map() else { fatalError("could not map \(Self.chunkBytes) bytes for the rows' skeletons") }
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
                Self.unmap(base)
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
        // A heap over the runs by their heads: a run is a budget's worth of rows, so there are a
        // few dozen at most, and each skeleton costs a handful of comparisons to place.
        var next = [Int](repeating: 0, count: runs.count)
        var heap = Array(runs.indices)
        func head(_ run: Int) -> UnsafeMutablePointer<EvaluatedRow> {
            let chunk = runs[run][next[run]]
            return chunk.base + chunk.taken
        }
        func less(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (head(a), head(b))
            let order = ByteOrder.compare(x.pointee.key, y.pointee.key)
            return order != 0 ? order < 0 : x.pointee.line < y.pointee.line
        }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { IndexHeap.siftDown(&heap, from: index, by: less) }
        while let run = heap.first {
            out.append(head(run).move())
            runs[run][next[run]].taken += 1
            if runs[run][next[run]].taken == runs[run][next[run]].count {
                Self.unmap(runs[run][next[run]].base)
                next[run] += 1
                if next[run] == runs[run].count {
                    IndexHeap.pop(&heap, by: less)
                    continue
                }
            }
            IndexHeap.siftDown(&heap, from: 0, by: less)
        }
        runs = []
        count = 0
        return out
    }
}
