/// The account hierarchy a file would leave, as integer links: each file row is a node (its
/// index among the key-sorted rows), and so is each stored account outside the file that a
/// chain of parents reaches.
///
/// Every file row carries a parent action (set or, for an empty cell, delete), so a key in the
/// file has the parent the file gives it, or none; other keys keep their stored parent. Links
/// are followed by index, each node once: no hashing of keys per step.
struct ParentGraph {
    /// Why a row fails the parent rule.
    enum Failure {
        /// The parent is in neither the store nor the file.
        case unknownParent
        /// The row would become its own ancestor.
        case cycle
    }

    /// Nodes that are file rows: the first `count`.
    private let count: Int
    /// The rows that set a parent; their `index` is their node.
    private let parents: [Reference]
    private let fileKeys: any KeyIndex
    /// File rows rejected already: their keys are no longer the file's.
    private let removed: BitSet
    /// Parent node per node; -1 for none. File rows first, then outside accounts.
    private var link: [Int32]
    /// Outside accounts by key, and their keys by node - count.
    private var outside: [String: Int32] = [:]
    private var outsideKeys: [String] = []

    /// The hierarchy of `count` file rows whose keys `keys` holds, but those `removed`, the
    /// rows that set a parent being `parents`.
    init(count: Int, keys: any KeyIndex, removed: BitSet, parents: [Reference]) {
        self.count = count
        self.parents = parents
        fileKeys = keys
        self.removed = removed
        link = [Int32](repeating: -1, count: count)
    }

    /// The parents that fail, by their position in `parents`, in order.
    mutating func failures(store: any StateStore) throws -> [(position: Int, failure: Failure)] {
        guard !parents.isEmpty else { return [] }
        // The parents among the file's rows are found in one search of their keys; the rest
        // become outside nodes here.
        for (ref, found) in zip(parents, try fileKeys.indices(of: Reference.Values(parents))) {
            link[Int(ref.index)] = found >= 0 && !removed.contains(Int(found)) ? found : outsideNode(for: ref.value)
        }
        let direct = outsideKeys
        let stored = try store.existingKeys(in: "account", among: direct)
        try loadStoredAncestors(of: direct.filter(stored.contains), store: store)
        let onCycle = cycles(from: parents.map { Int($0.index) })
        return parents.indices.compactMap { position in
            let (node, parent) = (Int(parents[position].index), Int(link[Int(parents[position].index)]))
            if parent >= count, !stored.contains(outsideKeys[parent - count]) { return (position, .unknownParent) }
            return onCycle[node] ? (position, .cycle) : nil
        }
    }

    /// The file row of `key`, unless it was removed.
    private func fileRow(_ key: String) throws -> Int? {
        guard let index = try fileKeys.index(of: key), !removed.contains(index) else { return nil }
        return index
    }

    /// The node of `key`: its file row, or an outside account (added on first sight).
    private mutating func node(for key: String) throws -> Int32 {
        if let index = try fileRow(key) { return Int32(index) }
        return outsideNode(for: key)
    }

    /// The node of `key`, which is not a file row's: an outside account, added on first sight.
    private mutating func outsideNode(for key: String) -> Int32 {
        if let node = outside[key] { return node }
        let node = Int32(count + outsideKeys.count)
        outside[key] = node
        outsideKeys.append(key)
        link.append(-1)
        return node
    }

    /// Links the stored parents of accounts outside the file, level by level up the hierarchy,
    /// so a cycle through stored accounts is found without loading every link.
    private mutating func loadStoredAncestors(of start: [String], store: any StateStore) throws {
        var frontier = start
        var visited = Set(start)
        while !frontier.isEmpty {
            var next: [String] = []
            for (key, record) in try store.records(in: "account", keys: frontier) {
                guard let parent = record.fields["parent_id"], let child = outside[key] else { continue }
                let node = try node(for: parent)
                link[Int(child)] = node
                if node >= count && visited.insert(parent).inserted { next.append(parent) }
            }
            frontier = next
        }
    }

    /// Per node, whether following parents from it comes back to it; each node is walked once.
    private func cycles(from starts: [Int]) -> [Bool] {
        enum State: UInt8 { case new, onPath, done }
        var state = [State](repeating: .new, count: link.count)
        var onCycle = [Bool](repeating: false, count: link.count)
        var path: [Int] = []
        for start in starts where state[start] == .new {
            path.removeAll(keepingCapacity: true)
            var node = start
            while node >= 0, state[node] == .new {
                state[node] = .onPath
                path.append(node)
                node = Int(link[node])
            }
            // Back on the current path: the nodes from there on form a cycle. Reaching a node
            // walked before (or a root) adds none: a cycle through it was marked then.
            if node >= 0, state[node] == .onPath, let first = path.lastIndex(of: node) {
                for member in path[first...] { onCycle[member] = true }
            }
            for member in path { state[member] = .done }
        }
        return onCycle
    }
}
