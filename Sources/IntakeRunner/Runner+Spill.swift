import Foundation

extension Runner {
    /// A quarter of the machine's memory, and at least 256 MiB.
    public static var defaultMemoryBudget: Int {
        max(256 << 20, Int(clamping: ProcessInfo.processInfo.physicalMemory / 4))
    }

    /// Rows set aside on disk once those held outgrew the memory budget, and the skeletons
    /// (`RowSkeleton`) the dedupe and cross-checks work on instead of them.
    final class SetAside {
        let file: RowSpill
        let skeleton: RowSkeleton
        var skeletons: [EvaluatedRow] = []

        init(directory: URL, skeleton: RowSkeleton) throws(RowSpill.Failure) {
            file = try RowSpill(directory: directory)
            self.skeleton = skeleton
        }

        /// Sorts `rows` into `RowOrder`, writes them as one run, keeps their skeletons and
        /// empties `rows`.
        func add(_ rows: inout [EvaluatedRow]) throws(RowSpill.Failure) {
            RowOrder.sort(&rows)
            skeletons.reserveCapacity(skeletons.count + rows.count)
            for index in rows.indices { skeletons.append(skeleton.skeleton(of: rows[index])) }
            try file.write(rows)
            Parallel.release(rows)
            rows = []
        }
    }

    /// Compares the set-aside rows whose skeletons passed every check (`kept`, in key order)
    /// with the store, merging the runs back in key order and comparing them a part at a
    /// time: a part holds half the budget (and at least `partMinimum` rows).
    func compareSetAside(_ aside: SetAside, kept: [EvaluatedRow], layout: RowLayout) throws -> StoreComparison.Result {
        let comparison = StoreComparison(store: store, namespace: Self.namespace(of: plan), layout: layout)
        let session = StoreComparison.Session(hashesAsItGoes: StoreComparison.allASCII(kept.lazy.map(\.key)))
        var merged = try SpilledRows(aside.file, bufferBytes: memoryBudget / 4)
        var part: [EvaluatedRow] = []
        var held = 0
        var next = 0
        // The merge yields every row in (key, line) order, superseded and rejected ones too; the
        // kept skeletons are in the same order, so each kept row is the next one whose line matches.
        while next < kept.count, let row = try merged.next() {
            guard row.line == kept[next].line else { continue }
            next += 1
            held += row.footprint
            part.append(row)
            if held >= memoryBudget / 2, part.count >= partMinimum {
                try comparison.compare(part: &part, in: session)
                part = []
                held = 0
            }
        }
        guard next == kept.count else {
            throw RowSpill.Failure(message: "rows set aside in the temporary directory '\(aside.file.directory)' were not all read back")
        }
        try comparison.compare(part: &part, in: session)
        return try session.finish()
    }
}
