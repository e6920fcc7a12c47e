import Foundation

extension Runner {
    /// A quarter of the memory the process may use — the machine's, or its control group's
    /// limit when lower (a container's) — and at least 256 MiB.
    public static var defaultMemoryBudget: Int {
        var memory = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        // cgroup v2, then v1; "max" (no limit) and unreadable files leave the machine's memory.
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                memory = min(memory, limit)
            }
        }
        return max(256 << 20, memory / 4)
    }

    /// Where changes go once they outgrow their share of the memory budget: a quarter of it,
    /// beside the rows of the part being compared (half) and the reading buffers (a quarter).
    var changeSpill: VisitedRecords.Spill { VisitedRecords.Spill(directory: spillDirectory, budget: memoryBudget / 4) }

    /// Rows set aside on disk once those held outgrew the memory budget, and their skeletons
    /// (`RowSkeleton`), which the dedupe and cross-checks read instead of them, in runs of
    /// their own.
    final class SetAside {
        /// The runs.
        let file: RowSpill
        /// How a row's skeleton is made.
        let skeleton: RowSkeleton
        /// The skeletons of the rows in `file`, run for run.
        let skeletons: RowSpill

        /// Opens the files the runs go to, in `directory`.
        init(directory: URL, skeleton: RowSkeleton) throws(RowSpill.Failure) {
            file = try RowSpill(directory: directory)
            skeletons = try RowSpill(directory: directory, holding: "skeletons")
            self.skeleton = skeleton
        }

        /// Sorts `rows` into `RowOrder`, writes them and their skeletons as one run each, and
        /// empties `rows`.
        func add(_ rows: inout [EvaluatedRow]) throws(RowSpill.Failure) {
            RowOrder.sort(&rows)
            try skeletons.write(rows.lazy.map(skeleton.skeleton(of:)))
            try file.write(rows)
            Parallel.release(rows)
            rows = []
        }
    }

    /// Compares the set-aside rows that passed every check (their `kept` lines) with the store,
    /// merging the runs back in key order and comparing them a part at a time: a part holds
    /// half the budget (and at least `partMinimum` rows).
    func compareSetAside(_ aside: SetAside, kept: CheckedRows, layout: RowLayout, recognises: Bool) throws -> StoreComparison.Result {
        let comparison = StoreComparison(store: store, namespace: Self.namespace(of: plan), layout: layout, recognises: recognises)
        let session = StoreComparison.Session(hashesAsItGoes: kept.allASCII, spill: changeSpill)
        var merged = try SpilledRows(aside.file, bufferBytes: memoryBudget / 4)
        var part: [EvaluatedRow] = []
        var held = 0
        var taken = 0
        // The merge yields every row in (key, line) order, superseded and rejected ones too; a
        // line is one row's, so the kept lines pick the kept rows.
        while taken < kept.keptLines.count, let row = try merged.next() {
            guard kept.keptLines.contains(row.line) else { continue }
            taken += 1
            held += row.footprint
            part.append(row)
            if held >= memoryBudget / 2, part.count >= partMinimum {
                try comparison.compare(part: &part, in: session)
                part = []
                held = 0
            }
        }
        // Every kept line is of a row written to the runs, which are read back whole or fail.
        precondition(taken == kept.keptLines.count, "a kept row is missing from the runs set aside")
        try comparison.compare(part: &part, in: session)
        return try session.finish()
    }
}
