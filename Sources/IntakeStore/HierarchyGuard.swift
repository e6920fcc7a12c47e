import GRDB
import IntakeRunner

/// Re-checks, inside the apply transaction, that the account hierarchy stays acyclic.
///
/// A changeset's stale check covers the records it touches. Two changesets planned against the
/// same state could each add half of a parent cycle (`a → b`, then `b → a`) and both pass it;
/// walking the new parents' chains in the transaction, after the upserts, catches the second.
enum HierarchyGuard {
    /// Past this many lookups of accounts the changeset does not write (and a quarter of the
    /// stored accounts the plan compared), the walk loads every link once instead of one query
    /// per step.
    ///
    /// One keyed lookup costs a few microseconds and loading every link about a microsecond per
    /// stored account; walks stop at accounts already known to reach a root. 22,000 new
    /// parents against 912,000 accounts: 0.9 s loading every link, 0.27 s looking up (the 1M
    /// benchmark's changeset). A fixed threshold made the 10M changeset load 9M links (10.8 s).
    static let bulkThreshold = 100_000

    /// The lookups after which a walk for `changeset` loads every link: `bulkThreshold`, or a
    /// quarter of the stored accounts its plan compared, whichever is larger.
    static func bulkThreshold(for changeset: Changeset) -> Int {
        // Divided before adding: the counts come from a file, and a huge pair must not overflow.
        max(bulkThreshold, changeset.counts.updated / 4 + changeset.counts.unchanged / 4)
    }

    /// Throws `.stale` when a parent set by `changeset` now leads back to its own account.
    /// `keys` are the changes' keys when the caller has read them already.
    static func check(_ changeset: Changeset, in db: Database, keys: [String]? = nil, bulkThreshold: Int? = nil) throws {
        guard changeset.namespace == "account" else { return }
        let bulkThreshold = bulkThreshold ?? Self.bulkThreshold(for: changeset)
        // The parents written, read alone: a plan's changes may be on disk, and most set none.
        let changes = changeset.changes
        let parents = changes.changes(ofAttribute: "parent_id")
        let moved = parents.compactMap { parent in parent.change.new.map { (parent.key, $0) } }
        guard !moved.isEmpty else { return }
        let keys = keys ?? changes.keys
        // The changeset itself says what it wrote: a parent it sets or removes, or none for a
        // record it creates without one. Only other accounts are read from the store. A plan's
        // changes are in key order and are searched by bisection; other orders get a dictionary.
        let sorted = zip(keys, keys.dropFirst()).allSatisfy { ByteOrder.less($0, $1) }
        var byKey: [String: String?] = [:]
        if !sorted {
            var next = 0
            for (position, key) in keys.enumerated() {
                if next < parents.count, parents[next].position == position {
                    byKey[key] = .some(parents[next].change.new)
                    next += 1
                } else if changes.action(at: position) == .create, byKey[key] == nil {
                    byKey[key] = .some(nil)
                }
            }
        }
        func written(_ key: String) -> String?? {
            guard sorted else { return byKey[key] }
            let low = ByteOrder.firstIndex(notBefore: key, in: keys.indices) { keys[$0] }
            guard low < keys.count, ByteOrder.equal(keys[low], key) else { return nil }
            var (at, end) = (0, parents.count)
            while at < end {
                let middle = (at + end) / 2
                if parents[middle].position < low { at = middle + 1 } else { end = middle }
            }
            if at < parents.count, parents[at].position == low { return .some(parents[at].change.new) }
            return changes.action(at: low) == .create ? .some(nil) : nil
        }
        let statement = try db.cachedStatement(
            sql: "SELECT json_extract(fields, '$.parent_id') FROM records WHERE namespace = 'account' AND key = ?")
        var lookups = 0
        var all: [String: String]?
        func links(_ key: String) throws -> String? {
            if let parent = written(key) { return parent }
            if let all { return all[key] }
            lookups += 1
            guard lookups > bulkThreshold else { return try String.fetchOne(statement, arguments: [key]) }
            all = try RecordQueries.parentLinks(db)
            return all?[key]
        }
        // Accounts whose chain is known to end at a root: a later walk that reaches one stops,
        // so a deep hierarchy costs one walk per account, not one per account and ancestor.
        var rooted = Set<String>()
        for (key, parent) in moved {
            var path: [String] = [key]
            var seen: Set<String> = [key]
            var current: String? = parent
            var endsAtRoot = true
            while let next = current, !rooted.contains(next) {
                if next == key {
                    // The account id goes in the detail: store errors show no row values unless --verbose.
                    throw StoreError(
                        .stale, "applying would make the account hierarchy circular (another apply changed a parent since this changeset was planned)",
                        detail: "account '\(key)' would become its own ancestor")
                }
                guard seen.insert(next).inserted else {
                    endsAtRoot = false
                    break
                }
                path.append(next)
                current = try links(next)
            }
            if endsAtRoot { rooted.formUnion(path) }
        }
    }
}
