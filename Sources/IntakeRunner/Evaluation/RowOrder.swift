/// The order rows are deduplicated, checked and compared with the store in: key bytes, then line.
///
/// Exports come mostly sorted already: in a few long runs (keys numbered past a digit
/// boundary, `acct-999999` then `acct-1000000`, restart in byte order) with a few rows out of
/// place (a later update of an earlier key). The sort finds those runs, sets the stray rows
/// aside, sorts only those, and merges: where a general sort merged runs of a few hundred
/// rows a dozen times over. Every choice below only decides how much work goes the slow way;
/// the result is always exactly sorted.
enum RowOrder {
    /// Key bytes, then line: a total order, so every sort of the same rows ends the same.
    static func less(_ a: EvaluatedRow, _ b: EvaluatedRow) -> Bool {
        let order = ByteOrder.compare(a.key, b.key)
        return order != 0 ? order < 0 : a.line < b.line
    }

    /// `less` of two rows in place: reading their keys and lines only, not copying the rows,
    /// whose copies retain and release their values (ten million scattered objects touched).
    private static func less(_ a: UnsafePointer<EvaluatedRow>, _ b: UnsafePointer<EvaluatedRow>) -> Bool {
        let order = ByteOrder.compare(a.pointee.key, b.pointee.key)
        return order != 0 ? order < 0 : a.pointee.line < b.pointee.line
    }

    /// Rows a stray row may displace from the end of a run (they were the ones out of place).
    private static let reach = 8

    /// Sorts `rows` by `less`; merges and moves of at least `parallelMinimum` rows are split over
    /// two cores (below, the split costs more than it saves; tests lower it).
    static func sort(_ rows: inout [EvaluatedRow], parallelMinimum: Int = 1 << 16) {
        let count = rows.count
        rows.withUnsafeMutableBufferPointer { rows in
            guard let base = rows.baseAddress, count < Int(Int32.max),
                var sequences = runs(base, count)
            else { return rows.sort(by: less) }
            guard sequences.count > 1 else { return }
            let rows = Rows(base: base)
            while sequences.count > 1 {
                var merged: [[Int32]] = []
                for pair in stride(from: 0, to: sequences.count, by: 2) {
                    merged.append(pair + 1 < sequences.count ? merge(sequences[pair], sequences[pair + 1], rows, parallelMinimum) : sequences[pair])
                }
                sequences = merged
            }
            // Moved, never copied (a copy retains a row's strings): out in order, then back.
            let spare = UnsafeMutablePointer<EvaluatedRow>.allocate(capacity: count)
            defer { spare.deallocate() }
            let order = sequences[0]
            let out = Rows(base: spare)
            Parallel.forEach(Parallel.threads, serialBelow: count < parallelMinimum ? .max : 0, { part in
                for position in (part * count / Parallel.threads)..<((part + 1) * count / Parallel.threads) {
                    (out.base + position).moveInitialize(from: rows.base + Int(order[position]), count: 1)
                }
            }, { _, _ in })
            base.moveInitialize(from: spare, count: count)
        }
    }

    /// The row indices as sorted runs, the stray rows sorted as one more; nil when there are
    /// so many that a general sort does better. A single run means the rows are in order.
    private static func runs(_ base: UnsafeMutablePointer<EvaluatedRow>, _ count: Int) -> [[Int32]]? {
        var runs: [[Int32]] = []
        var run: [Int32] = []
        var aside: [Int32] = []
        for index in 0..<count {
            guard let top = run.last, less(base + index, base + Int(top)) else {
                run.append(Int32(index))
                continue
            }
            var after = 1
            while after <= reach, after < run.count, less(base + index, base + Int(run[run.count - 1 - after])) { after += 1 }
            if after <= reach {
                // The last rows of the run sort after this one: they were the strays.
                aside += run.suffix(after)
                run.removeLast(after)
                run.append(Int32(index))
            } else if startsRun(base, index, count, below: top) {
                runs.append(run)
                run = [Int32(index)]
            } else {
                aside.append(Int32(index))
            }
            if runs.count + aside.count > count / 16 + 64 { return nil }
        }
        runs.append(run)
        if !aside.isEmpty {
            aside.sort { less(base + Int($0), base + Int($1)) }
            runs.append(aside)
        }
        return runs
    }

    /// Whether the `reach` rows after `index` follow it in order, all before the run's top:
    /// a new run starts there (one or two stray rows in a row do not).
    private static func startsRun(_ base: UnsafeMutablePointer<EvaluatedRow>, _ index: Int, _ count: Int, below top: Int32) -> Bool {
        guard index + reach < count else { return false }
        for next in (index + 1)...(index + reach) where less(base + next, base + next - 1) || !less(base + next, base + Int(top)) {
            return false
        }
        return true
    }

    /// The rows' buffer, which each core reads (and the final move writes) at its own positions.
    private struct Rows: @unchecked Sendable {
        /// The first row.
        let base: UnsafeMutablePointer<EvaluatedRow>
    }

    /// Two sorted index sequences merged into one, rows of `a` first among equals; long ones
    /// in two halves on two cores, split where the merged order puts its middle, each half
    /// written straight into its part of the result (two halves joined after were one more
    /// copy of the indices into fresh pages, 40 MB at ten million rows, per merge).
    private static func merge(_ a: [Int32], _ b: [Int32], _ rows: Rows, _ parallelMinimum: Int) -> [Int32] {
        let total = a.count + b.count
        let parallel = total >= parallelMinimum && Parallel.threads > 1
        let (i, j) = parallel ? coRank(total / 2, a, b, rows) : (a.count, b.count)
        return [Int32](unsafeUninitializedCapacity: total) { buffer, count in
            let out = Indices(base: buffer.baseAddress!)
            if parallel {
                _ = Parallel.both(
                    { mergeSerially(a[..<i], b[..<j], rows, into: out.base) },
                    { mergeSerially(a[i...], b[j...], rows, into: out.base + i + j) })
            } else {
                mergeSerially(a[...], b[...], rows, into: out.base)
            }
            count = total
        }
    }

    /// Where a merge writes its indices, each core at its own positions.
    private struct Indices: @unchecked Sendable {
        let base: UnsafeMutablePointer<Int32>
    }

    /// How many of the first `k` merged indices come from `a` and how many from `b`.
    private static func coRank(_ k: Int, _ a: [Int32], _ b: [Int32], _ rows: Rows) -> (Int, Int) {
        var low = max(0, k - b.count), high = min(k, a.count)
        while true {
            let i = (low + high) / 2, j = k - i
            if i > 0, j < b.count, less(rows.base + Int(b[j]), rows.base + Int(a[i - 1])) {
                high = i - 1
            } else if j > 0, i < a.count, !less(rows.base + Int(b[j - 1]), rows.base + Int(a[i])) {
                low = i + 1
            } else {
                return (i, j)
            }
        }
    }

    /// Two sorted slices of indices merged on the calling thread into `out`, rows of `a` first
    /// among equals.
    private static func mergeSerially(_ a: ArraySlice<Int32>, _ b: ArraySlice<Int32>, _ rows: Rows, into out: UnsafeMutablePointer<Int32>) {
        var i = a.startIndex, j = b.startIndex, k = 0
        while i < a.endIndex && j < b.endIndex {
            if less(rows.base + Int(b[j]), rows.base + Int(a[i])) {
                out[k] = b[j]
                j += 1
            } else {
                out[k] = a[i]
                i += 1
            }
            k += 1
        }
        for index in a[i...] {
            out[k] = index
            k += 1
        }
        for index in b[j...] {
            out[k] = index
            k += 1
        }
    }
}
