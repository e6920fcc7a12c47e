import IntakeCompiler

/// The dedupe of rows that come one at a time in `RowOrder` (merged from the runs set aside on
/// disk): a key's rows are held only until the next key's first row, and its winner is handed on.
/// The winners, superseded rows and duplicates are those `Deduplicator` finds in an array.
struct StreamedDeduplicator {
    private let deduplicator: Deduplicator
    /// Rejected rows' keys and lines, in key byte order.
    private let rejected: [(key: String, line: Int)]
    private var nextRejected = 0
    /// The current key's first row, and its rows after that (most keys have none).
    private var first: EvaluatedRow?
    private var more: [EvaluatedRow] = []
    private var superseded: [SupersededRow] = []
    private var duplicates: [Deduplicator.Duplicate] = []

    /// A dedupe under `policy` (not `append`), of rows joined by the `rejected` ones.
    init(policy: Plan.DuplicatePolicy, rejected: [(key: String, line: Int)]) {
        precondition(policy != .append, "appended events are not deduplicated")
        deduplicator = Deduplicator(policy: policy)
        self.rejected = rejected.sorted { ByteOrder.less($0.key, $1.key) }
    }

    /// Takes the next row in `RowOrder`; when it starts a new key, the winner of the key before,
    /// if that key has one.
    mutating func add(_ row: EvaluatedRow) -> EvaluatedRow? {
        guard let current = first else {
            first = row
            return nil
        }
        if ByteOrder.equal(current.key, row.key) {
            more.append(row)
            return nil
        }
        let winner = resolveRun()
        first = row
        return winner
    }

    /// After the last row: the last key's winner, if it has one.
    mutating func finish() -> EvaluatedRow? { resolveRun() }

    /// The superseded rows in line order, and — for `fail` — every duplicated key, in order of
    /// its first line; once finished.
    var results: (superseded: [SupersededRow], duplicates: [Deduplicator.Duplicate]) {
        (superseded.sorted { $0.line < $1.line }, duplicates.sorted { $0.lines[0] < $1.lines[0] })
    }

    /// The current key's winner, if it has one; the key's rows are let go.
    private mutating func resolveRun() -> EvaluatedRow? {
        guard let current = first.take() else { return nil }
        // Rejected rows whose key no valid row has change nothing.
        var order = 1
        while nextRejected < rejected.count {
            order = ByteOrder.compare(rejected[nextRejected].key, current.key)
            guard order < 0 else { break }
            nextRejected += 1
        }
        if more.isEmpty && order != 0 { return current }
        var lines: [Int] = []
        while nextRejected < rejected.count, ByteOrder.equal(rejected[nextRejected].key, current.key) {
            lines.append(rejected[nextRejected].line)
            nextRejected += 1
        }
        let run = [current] + more
        more.removeAll(keepingCapacity: true)
        return deduplicator.resolve(run, rejected: lines, superseded: &superseded, duplicates: &duplicates).map { run[$0] }
    }
}
