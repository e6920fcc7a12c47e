import Foundation

/// The rows the dedupe and cross-checks keep, and what they set apart.
struct CheckedRows {
    /// The rows kept, in key order; none for rows set aside, which `keptLines` names.
    var kept: [EvaluatedRow] = []
    /// The lines of the rows kept, for rows set aside: their skeletons are gone.
    var keptLines = BitSet()
    /// Whether every kept key is ASCII.
    var allASCII = true
    var superseded: [SupersededRow] = []
    /// Keys on several rows of a one-time file; when there are any, nothing was checked.
    var duplicates: [Deduplicator.Duplicate] = []
    var rejects: [RejectedRow] = []
}

extension Runner {
    /// Where `batch`, read after `rowsRead` rows, goes past the rows or lines a plan reads
    /// (`rowLimit`, `lineLimit`): the line of its first row past, and what to say; nil if it does not.
    func limitPassed(by batch: CSVBatch, after rowsRead: Int) -> (line: Int, message: String, hint: String)? {
        guard rowsRead + batch.count > rowLimit || batch.lines.last ?? 0 > lineLimit else { return nil }
        let pastLines = batch.lines.firstIndex { $0 > lineLimit } ?? .max
        let past = min(rowLimit - rowsRead, pastLines)
        let (what, limit) = past == pastLines ? ("lines", lineLimit) : ("data rows", rowLimit)
        return (batch.lines[past], "the file has more than \(limit) \(what), more than one plan reads", "split the file into parts of at most \(limit) \(what)")
    }

    /// Dedupes and checks the rows held in memory (`rows`, emptied; in `RowOrder` already when
    /// `inOrder`), laid out by `layout`.
    func checkHeld(
        _ rows: inout [EvaluatedRow], layout: RowLayout, rejected: [(key: String, line: Int)], columns: [String: Int], inOrder: Bool = false
    ) throws -> CheckedRows {
        var checked = CheckedRows()
        let winners: [EvaluatedRow]
        (winners, checked.superseded, checked.duplicates) = Deduplicator(policy: plan.duplicates).deduplicate(&rows, rejected: rejected, inOrder: inOrder)
        // Each stage hands its rows on and lets go of its own array, so a million rows are held once.
        rows = []
        guard checked.duplicates.isEmpty else { return checked }
        PhaseClock.current?.mark("sort+dedupe")
        // Winners come sorted by key bytes from the dedupe: the checks bisect the file's keys,
        // and the diff merges with the store.
        (checked.kept, checked.rejects) = try CrossChecks(plan: plan, store: store, layout: layout, columns: columns).check(consume winners)
        PhaseClock.current?.mark("cross-checks")
        return checked
    }

    /// Dedupes and checks the rows set aside, from their skeletons' runs on disk: the winners'
    /// keys go to a file of their own (`DiskKeys`), the parents they name to another
    /// (`SpilledReferences`), and only their other references stay in memory (`RowReferences`),
    /// so what is held grows with the rows that name an account or a manager (or leave a field
    /// a new record needs empty), and by a link for each that names a parent.
    func checkSetAside(_ aside: SetAside, rejected: [(key: String, line: Int)], columns: [String: Int]) throws -> CheckedRows {
        var checked = CheckedRows()
        let references = try RowReferences(plan: plan, layout: aside.skeleton.layout, spillDirectory: spillDirectory)
        var winners = SetAsideWinners(keys: references.searchesKeys ? try DiskKeys(directory: spillDirectory) : nil, references: references)
        var dedupe = StreamedDeduplicator(policy: plan.duplicates, rejected: rejected)
        let merged = PrefetchedRows(try SpilledRows(aside.skeletons, bufferBytes: memoryBudget / 4))
        while let row = try merged.next() {
            if let winner = dedupe.add(row) { try winners.take(winner) }
        }
        if let winner = dedupe.finish() { try winners.take(winner) }
        (checked.superseded, checked.duplicates) = dedupe.results
        guard checked.duplicates.isEmpty else { return checked }
        try winners.keys?.finish()
        try winners.references.finish()
        PhaseClock.current?.mark("sort+dedupe")
        let removed: BitSet
        var checks = ReferenceChecks(store: store, columns: columns)
        // Parents read back from disk a part at a time: a quarter of the budget's worth, a
        // reference, its copy in later rounds and its search taking ~64 bytes (more for keys
        // past 15 bytes), and never fewer than a part of rows.
        checks.partSize = max(partMinimum, memoryBudget / 4 / 64)
        (checked.rejects, removed) = try checks.check(count: winners.count, keys: winners.keys, references: winners.references)
        checked.keptLines = winners.lines
        // Each reject is of one row the checks removed, on its line.
        for reject in checked.rejects { checked.keptLines.remove(reject.line) }
        checked.allASCII = winners.notASCII.allSatisfy { removed.contains(Int($0)) }
        PhaseClock.current?.mark("cross-checks")
        return checked
    }
}

/// What the checks keep of the rows set aside that win the dedupe, taken one at a time in key
/// order: their lines, their keys (on disk) and their references.
private struct SetAsideWinners {
    /// The winners' keys, when a check searches them.
    let keys: DiskKeys?
    var references: RowReferences
    var lines = BitSet()
    /// Winners whose key is not all ASCII (few, if any): whether the kept keys are depends
    /// on which of them the checks reject.
    var notASCII: [Int32] = []
    /// Winners taken.
    var count = 0

    mutating func take(_ winner: EvaluatedRow) throws(SpillFile.Failure) {
        // The checks number rows in 32 bits, as the hierarchy's links do: `Runner.rowLimit`
        // keeps them below.
        try keys?.append(winner.key)
        lines.insert(winner.line)
        if !StoreComparison.isASCII(winner.key) { notASCII.append(Int32(count)) }
        try references.take(winner, index: Int32(count))
        count += 1
    }
}
