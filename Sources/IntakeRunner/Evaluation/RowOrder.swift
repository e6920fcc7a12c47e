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

    /// Sorts `rows` by `less`.
    static func sort(_ rows: inout [EvaluatedRow]) {
        let count = rows.count
        rows.withUnsafeMutableBufferPointer { rows in
            guard let base = rows.baseAddress, count < Int(Int32.max),
                var sequences = runs(base, count)
            else { return rows.sort(by: less) }
            guard sequences.count > 1 else { return }
            while sequences.count > 1 {
                var merged: [[Int32]] = []
                for pair in stride(from: 0, to: sequences.count, by: 2) {
                    merged.append(pair + 1 < sequences.count ? merge(sequences[pair], sequences[pair + 1], base) : sequences[pair])
                }
                sequences = merged
            }
            // Moved, never copied (a copy retains a row's strings): out in order, then back.
            let spare = UnsafeMutablePointer<EvaluatedRow>.allocate(capacity: count)
            defer { spare.deallocate() }
            for (out, index) in sequences[0].enumerated() { (spare + out).moveInitialize(from: base + Int(index), count: 1) }
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

    /// Two sorted index sequences merged into one.
    private static func merge(_ a: [Int32], _ b: [Int32], _ base: UnsafeMutablePointer<EvaluatedRow>) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if less(base + Int(b[j]), base + Int(a[i])) {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
            }
        }
        out += a[i...]
        out += b[j...]
        return out
    }
}
