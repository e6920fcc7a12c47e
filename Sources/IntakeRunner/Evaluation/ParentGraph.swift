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

    private let rows: [EvaluatedRow]
    private let parentSlot: Int
    private let fileKeys: SortedKeys
    /// Parent node per node; -1 for none. File rows first, then outside accounts.
    private var link: [Int32]
    /// Outside accounts by key, and their keys by node - rows.count.
    private var outside: [String: Int32] = [:]
    private var outsideKeys: [String] = []

    init(_ rows: [EvaluatedRow], parentSlot: Int) {
        self.rows = rows
        self.parentSlot = parentSlot
        fileKeys = SortedKeys(rows)
        link = [Int32](repeating: -1, count: rows.count)
    }

    /// The rows that fail, by index, in row order.
    mutating func failures(store: any StateStore) throws(StoreError) -> [(index: Int, failure: Failure)] {
        // The rows' parents, then those among the file's rows (found on every core); the rest
        // become outside nodes here.
        var withParent: [Int] = []
        var parents: [String] = []
        for index in rows.indices {
            guard let parent = rows[index].value(at: parentSlot) else { continue }
            withParent.append(index)
            parents.append(parent)
        }
        for (position, found) in fileKeys.indices(of: parents).enumerated() {
            link[withParent[position]] = found >= 0 ? found : node(for: parents[position])
        }
        guard !withParent.isEmpty else { return [] }
        let direct = outsideKeys
        let stored = try store.existingKeys(in: "account", among: direct)
        try loadStoredAncestors(of: direct.filter(stored.contains), store: store)
        let onCycle = cycles(from: withParent)
        return withParent.compactMap { index in
            let parent = Int(link[index])
            if parent >= rows.count, !stored.contains(outsideKeys[parent - rows.count]) { return (index, .unknownParent) }
            return onCycle[index] ? (index, .cycle) : nil
        }
    }

    /// The node of `key`: its file row, or an outside account (added on first sight).
    private mutating func node(for key: String) -> Int32 {
        if let index = fileKeys.index(of: key) { return Int32(index) }
        if let node = outside[key] { return node }
        let node = Int32(rows.count + outsideKeys.count)
        outside[key] = node
        outsideKeys.append(key)
        link.append(-1)
        return node
    }

    /// Links the stored parents of accounts outside the file, level by level up the hierarchy,
    /// so a cycle through stored accounts is found without loading every link.
    private mutating func loadStoredAncestors(of start: [String], store: any StateStore) throws(StoreError) {
        var frontier = start
        var visited = Set(start)
        while !frontier.isEmpty {
            var next: [String] = []
            for (key, record) in try store.records(in: "account", keys: frontier) {
                guard let parent = record.fields["parent_id"], let child = outside[key] else { continue }
                link[Int(child)] = node(for: parent)
                if !fileKeys.contains(parent) && visited.insert(parent).inserted { next.append(parent) }
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
