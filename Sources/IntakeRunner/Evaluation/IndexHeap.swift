/// A binary min-heap of indices (of runs, of cursors), ordered by what they index: the merges of
/// sorted runs keep one to take their next item from the run whose head sorts first.
enum IndexHeap {
    /// Moves the index at `start` down until neither child sorts before it; `less` compares
    /// the items two indices stand for.
    @inline(__always)
    static func siftDown(_ heap: inout [Int], from start: Int, by less: (Int, Int) -> Bool) {
        var parent = start
        while true {
            var smallest = parent
            if 2 * parent + 1 < heap.count, less(heap[2 * parent + 1], heap[smallest]) { smallest = 2 * parent + 1 }
            if 2 * parent + 2 < heap.count, less(heap[2 * parent + 2], heap[smallest]) { smallest = 2 * parent + 2 }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// Adds `index`, moving it up past every parent it sorts before.
    @inline(__always)
    static func push(_ index: Int, onto heap: inout [Int], by less: (Int, Int) -> Bool) {
        heap.append(index)
        var child = heap.count - 1
        while child > 0, less(heap[child], heap[(child - 1) / 2]) {
            heap.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    /// Removes the top index.
    static func pop(_ heap: inout [Int], by less: (Int, Int) -> Bool) {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(&heap, from: 0, by: less) }
    }
}
