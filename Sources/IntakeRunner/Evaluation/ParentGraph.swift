/// The account hierarchy a file would leave, as integer links: each file row that names a
/// parent is a node, and so is each stored account outside the file that a chain of parents
/// reaches.
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

    private let fileKeys: any KeyIndex
    /// File rows rejected already: their keys are no longer the file's.
    private let removed: BitSet
    /// Which file rows set a parent, a bit each, and the bits set before each word: a row's
    /// node in constant time, with no array of every row.
    private var setsParent: [UInt64]
    private var before: [Int32] = []
    /// Rows that set a parent, added so far; the node of each is its position among them.
    private(set) var parents = 0
    /// The last row added, and how many rows are linked: rows are added in order, then each linked.
    private var lastAdded: Int32 = -1
    private var linked = 0
    /// Parent node per node; -1 for none. The rows that set a parent first, then outside
    /// accounts. A file row that sets no parent is a root, so a link to it is -1 too: only
    /// rows that name a parent can close a cycle (at ten million rows, nodes for every row
    /// took 60 MB).
    private var link: [Int32] = []
    /// Outside accounts by key, and their keys by node - parents.
    private var outside: [String: Int32] = [:]
    private var outsideKeys: [String] = []

    /// The hierarchy of `count` file rows whose keys `keys` holds, but those `removed`; the
    /// rows that set a parent are added next (`addRow`), then their links (`link`).
    init(count: Int, keys: any KeyIndex, removed: BitSet) {
        fileKeys = keys
        self.removed = removed
        setsParent = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Adds the row at `index`, which sets a parent and comes after every row added before.
    mutating func addRow(_ index: Int32) {
        precondition(linked == 0 && index > lastAdded, "rows added in order, before any link")
        lastAdded = index
        setsParent[Int(index) >> 6] |= 1 << UInt64(index & 63)
        parents += 1
    }

    /// Links the `position`th row added to its parent: the file row at `found` when there is
    /// one and it is not removed, or else the outside account `key`.
    mutating func link(_ position: Int, found: Int32, key: String) {
        if linked == 0 {
            // The first link: every row that sets a parent is in.
            before.reserveCapacity(setsParent.count)
            var total: Int32 = 0
            for word in setsParent {
                before.append(total)
                total += Int32(word.nonzeroBitCount)
            }
            assert(Int(total) == parents, "rows added in order, once each")
            link = [Int32](repeating: -1, count: parents)
        }
        link[position] = found >= 0 && !removed.contains(Int(found)) ? fileNode(Int(found)) : outsideNode(for: key)
        linked += 1
    }

    /// The positions of the rows added whose parent fails, in order; every row linked.
    mutating func failures(store: any StateStore) throws -> [(position: Int, failure: Failure)] {
        guard parents > 0 else { return [] }
        precondition(linked == parents, "every row linked")
        let direct = outsideKeys
        let stored = try store.existingKeys(in: "account", among: direct)
        try loadStoredAncestors(of: direct.filter(stored.contains), store: store)
        let onCycle = cycles()
        return (0..<parents).compactMap { position in
            let parent = Int(link[position])
            if parent >= parents, !stored.contains(outsideKeys[parent - parents]) { return (position, .unknownParent) }
            return onCycle[position] ? (position, .cycle) : nil
        }
    }

    /// The node of the file row at `index`: its position among the rows that set a parent, or
    /// -1 for a root.
    private func fileNode(_ index: Int) -> Int32 {
        let (word, bit) = (index >> 6, UInt64(index & 63))
        guard setsParent[word] & (1 << bit) != 0 else { return -1 }
        return before[word] + Int32((setsParent[word] & ((1 << bit) - 1)).nonzeroBitCount)
    }

    /// The node of `key`: its file row's (-1 for a root), or an outside account (added on first
    /// sight); and whether it is outside.
    private mutating func node(for key: String) throws -> (node: Int32, outside: Bool) {
        if let index = try fileKeys.index(of: key), !removed.contains(index) { return (fileNode(index), false) }
        return (outsideNode(for: key), true)
    }

    /// The node of `key`, which is not a file row's: an outside account, added on first sight.
    private mutating func outsideNode(for key: String) -> Int32 {
        if let node = outside[key] { return node }
        let node = Int32(parents + outsideKeys.count)
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
                let (node, isOutside) = try node(for: parent)
                link[Int(child)] = node
                if isOutside && visited.insert(parent).inserted { next.append(parent) }
            }
            frontier = next
        }
    }

    /// Per node, whether following parents from it comes back to it; each node is walked once.
    private func cycles() -> [Bool] {
        enum State: UInt8 { case new, onPath, done }
        var state = [State](repeating: .new, count: link.count)
        var onCycle = [Bool](repeating: false, count: link.count)
        var path: [Int] = []
        for start in 0..<parents where state[start] == .new {
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
