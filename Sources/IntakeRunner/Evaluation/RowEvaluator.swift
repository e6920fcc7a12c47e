import Foundation
import IntakeCompiler

/// Turns one CSV row into field actions, or a reject naming the line, column, value and reason.
struct RowEvaluator {
    let plan: Plan
    let binding: ColumnBinding
    let layout: RowLayout
    /// The layout slot of each bound column.
    let slots: [Int]
    let headerCount: Int
    /// The as-of instant in canonical form, for `today` on date fields.
    let today: String
    /// The as-of day (`yyyy-MM-dd`), for aggregated-usage keys.
    let day: String
    /// Takes each row's fingerprint, and the fingerprints the store holds for this plan (a row
    /// with one of them is recognised); nil when the run takes none. Unretained, like the
    /// coercers: a strong reference here was retained and released with every row.
    private var recognising: (fingerprinter: Unmanaged<RowFingerprinter>, known: Unmanaged<KnownFingerprints>)?

    /// Each bound column reduced to what a cell needs, in plain values: reading a cell's plan
    /// retains and releases nothing (copying a plan column of a dozen strings per cell was a
    /// quarter of a million-row plan in retain/release; a class per cell still a tenth).
    private let cells: [Cell]
    /// The coercers `cells` point at unretained: this array keeps them alive (never read, but
    /// removing it frees them while cells still call them).
    private let coercers: [ColumnCoercer]
    /// The fixed values of `empty: value` defaults, by cell.
    private let emptyValues: [String]
    /// `layout.names.count`, `layout.keySlots` and the `one_of` groups' slots, looked up once.
    private let fieldCount: Int
    /// Bytes a row's values may need beyond its cells' (`ColumnCoercer.growth`, defaults).
    private let valueGrowth: Int
    /// `valueGrowth` of the checked cells alone.
    private let checkedGrowth: Int
    private let keySlots: [Int]
    private let oneOf: [(names: [String], slots: [Int?])]
    /// The cells a recognised row still needs: its key's and those the cross-checks read.
    private let checkedCells: [Cell]

    init(
        plan: Plan, binding: ColumnBinding, layout: RowLayout, slots: [Int], headerCount: Int, today: String, day: String
    ) {
        self.plan = plan
        self.binding = binding
        self.layout = layout
        self.slots = slots
        self.headerCount = headerCount
        self.today = today
        self.day = day
        fieldCount = layout.names.count
        keySlots = layout.keySlots.map { $0 }
        oneOf = plan.rowRules.oneOf.map { group in (group, group.map { layout.slots[$0] }) }
        coercers = binding.bound.map(\.coercer)
        emptyValues = binding.bound.map { bound in bound.column.empty == "today" ? today : bound.column.emptyValue ?? "" }
        valueGrowth = zip(coercers, emptyValues).reduce(0) { $0 + $1.0.growth + $1.1.utf8.count }
        cells = zip(binding.bound, slots).enumerated().map { position, pair in
            let (bound, slot) = pair
            let empty: Cell.Empty = switch bound.column.empty {
            case "reject": .reject
            case "keep": .keep
            case "value": .value
            case "today": .today
            default: .delete
            }
            return Cell(position: position, index: bound.index, slot: slot, coercer: .passUnretained(bound.coercer), empty: empty)
        }
        let checked = Set(layout.keySlots + RowSkeleton.checkedFields(of: plan).compactMap { layout.slots[$0] })
        let checkedCells = cells.filter { checked.contains($0.slot) }
        self.checkedCells = checkedCells
        let (coercers, emptyValues) = (self.coercers, self.emptyValues)
        checkedGrowth = checkedCells.reduce(0) { $0 + coercers[$1.position].growth + emptyValues[$1.position].utf8.count }
    }

    /// One bound column, as the per-cell loop reads it.
    private struct Cell {
        enum Empty {
            case reject, keep, delete, value, today
        }

        /// The bound column's position (into `coercers`, `emptyValues`, `binding.bound`).
        let position: Int
        let index: Int
        let slot: Int
        /// Kept alive by the evaluator's `coercers`; called through a +0 reference, as a retain
        /// and release per cell (atomic, on an object every core shares) was a twentieth of a plan.
        let coercer: Unmanaged<ColumnCoercer>
        let empty: Empty
    }

    /// Stack bytes per row: room for most rows' fingerprint bytes, and `ColumnCoercer.scratchSize`.
    private static let scratchSize = max(1_024, ColumnCoercer.scratchSize)

    /// The dummy user aggregated usage is stored on when a row names none (not a valid id, so no clash).
    static let accountUser = "(account)"

    /// Takes every row's fingerprint with `fingerprinter`, recognising those in `known`; the
    /// caller keeps both alive while the evaluator is used.
    mutating func recognise(with fingerprinter: RowFingerprinter, known: KnownFingerprints) {
        recognising = (.passUnretained(fingerprinter), .passUnretained(known))
    }

    /// A row's fate.
    enum Outcome {
        case row(EvaluatedRow)
        /// A rejected row, with its key when the key cells themselves were valid.
        case reject(RejectedRow, key: String?)
    }

    func evaluate(_ row: CSVRow) -> Outcome {
        guard row.fields.count == headerCount else {
            return rejectOutcome(row, RejectedRow(
                line: row.line, column: nil, value: nil, code: RejectCode.fieldCount.rawValue,
                reason: "row has \(row.fields.count) fields; the header has \(headerCount)"))
        }
        if let column = row.invalidUTF8Column {
            return rejectOutcome(row, RejectedRow(
                line: row.line, column: column, value: nil, code: RejectCode.invalidEncoding.rawValue,
                reason: "cell is not valid UTF-8; save the file as UTF-8"))
        }
        var values = RowValues(count: fieldCount)
        for cell in cells {
            let result = cell.coercer._withUnsafeGuaranteedRef { $0.coerce(row.fields[cell.index]) }
            if let problem = take(result, cell, &values) {
                return rejectOutcome(row, reject(row, cell.index, problem.code, problem.reason))
            }
        }
        if let group = emptyOneOf(values) {
            return rejectOutcome(row, RejectedRow(
                line: row.line, column: nil, value: nil, code: RejectCode.oneOfEmpty.rawValue,
                reason: "one of \(group.names.map { "'\($0)'" }.joined(separator: " or ")) must have a value"))
        }
        return .row(keyed(line: row.line, values: values))
    }

    /// `evaluate(batch, row)` of each row in `rows`, into `out` in order. Rows recognised by
    /// their fingerprints have all theirs taken first, each one's place in the known table
    /// fetched ahead: looked up one at a time, each missed the cache, a tenth of the plan of
    /// a file identical to the store.
    func evaluate(_ batch: CSVBatch, _ rows: Range<Int>, into out: UnsafeMutablePointer<Outcome?>) {
        guard let (fingerprinter, known) = recognising else {
            for row in rows { out[row - rows.lowerBound] = evaluate(batch, row) }
            return
        }
        withUnsafeTemporaryAllocation(of: RowFingerprint.self, capacity: rows.count) { fingerprints in
            batch.bytes.withUnsafeBufferPointer { base in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
                    for row in rows {
                        let fingerprint = batch.fieldCount(row) == headerCount && batch.invalidColumn(row) == nil
                            ? fingerprinter._withUnsafeGuaranteedRef { $0.fingerprint(batch, row, first: batch.firstCell(row), in: base, scratch: scratch) }
                            : .none
                        known._withUnsafeGuaranteedRef { $0.prefetch(fingerprint) }
                        fingerprints[row - rows.lowerBound] = fingerprint
                    }
                }
            }
            for row in rows { out[row - rows.lowerBound] = evaluate(batch, row, fingerprint: fingerprints[row - rows.lowerBound]) }
        }
    }

    /// `evaluate(batch.row(row))`, reading the cells' bytes: a row that passes never becomes a
    /// `CSVRow`; one that fails is evaluated again as one, for the reject's words. A row is
    /// recognised by `fingerprint`, when given, instead of taking it again.
    func evaluate(_ batch: CSVBatch, _ row: Int, fingerprint given: RowFingerprint? = nil) -> Outcome {
        guard batch.fieldCount(row) == headerCount, batch.invalidColumn(row) == nil else { return evaluate(batch.row(row)) }
        let first = batch.firstCell(row)
        var fingerprint = RowFingerprint.none
        var recognised = false
        let values: RowValues? = batch.bytes.withUnsafeBufferPointer { base in
            // Where the fingerprint's bytes are laid out, then where a canonical date is written
            // before it is copied into the row.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchSize) { scratch in
                if let (fingerprinter, known) = recognising {
                    fingerprint = given ?? fingerprinter._withUnsafeGuaranteedRef { $0.fingerprint(batch, row, first: first, in: base, scratch: scratch) }
                    recognised = known._withUnsafeGuaranteedRef { $0.contains(fingerprint) }
                }
                // A recognised row passed every check of its own when it was applied; only the
                // key and the cross-checks' cells are read again.
                if recognised, let values = evaluate(checkedCells, batch, row, first: first, base: base, scratch: scratch, checked: true) { return values }
                recognised = false
                guard let values = evaluate(cells, batch, row, first: first, base: base, scratch: scratch) else { return nil }
                return emptyOneOf(values) == nil ? values : nil
            }
        }
        guard let values else { return evaluate(batch.row(row)) }
        return .row(keyed(line: batch.lines[row], values: values, fingerprint: recognised ? .known : fingerprint))
    }

    /// The values of `cells` (all of them, or only the `checked` ones) of row `row`; nil when
    /// one rejects the row.
    @inline(__always) private func evaluate(
        _ cells: [Cell], _ batch: CSVBatch, _ row: Int, first: Int, base: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>,
        checked: Bool = false
    ) -> RowValues? {
        // Room for the values and a fingerprint after them; for the checked cells, exactly
        // theirs, so the row needs no compacting copy.
        var room = recognising == nil ? 0 : 16
        if checked {
            room += checkedGrowth
            for cell in cells { room += batch.cell(first + cell.index, in: base).count }
        } else {
            room += batch.byteCount(row) + valueGrowth
        }
        var values = RowValues(count: fieldCount, valueBytes: room)
        for cell in cells {
            let bytes = batch.cell(first + cell.index, in: base)
            switch cell.coercer._withUnsafeGuaranteedRef({ $0.coerceInPlace(bytes: bytes, scratch: scratch) }) {
            case .same(let value): values.set(cell.slot, bytes: value, fired: nil)
            case .result(let result): if take(result, cell, &values) != nil { return nil }
            }
        }
        return values
    }

    /// Puts a cell's result in its slot; the reject code and reason when it rejects the row.
    @inline(__always) private func take(
        _ result: CellResult, _ cell: Cell, _ values: inout RowValues
    ) -> (code: RejectCode, reason: String)? {
        switch result {
        case .value(let value):
            values.set(cell.slot, value, fired: nil)
        case .invalid(let code, let reason):
            return (code, "'\(target(cell))': \(reason)")
        case .empty:
            switch cell.empty {
            case .reject: return (.requiredEmpty, "required field '\(target(cell))' is empty")
            case .keep: break
            case .value: values.set(cell.slot, emptyValues[cell.position], fired: .value)
            case .today: values.set(cell.slot, emptyValues[cell.position], fired: .today)
            case .delete: values.delete(cell.slot, fired: .delete)
            }
        }
        return nil
    }

    /// The first `one_of` group none of whose fields has a value.
    private func emptyOneOf(_ values: RowValues) -> (names: [String], slots: [Int?])? {
        oneOf.first { group in !group.slots.contains(where: { slot in slot.map(values.hasValue) ?? false }) }
    }

    /// The key of a row rejected for another reason, so a rejected last row still supersedes
    /// earlier ones ("last row wins" must not resurrect an older row).
    private func keyOfRejected(_ row: CSVRow) -> String? {
        // Aggregated-usage keys take defaults and a day; a rejected row of those is left out.
        guard !layout.keySlots.isEmpty, plan.object != .usageAggregated, row.fields.count == headerCount else { return nil }
        var parts: [String] = []
        for slot in layout.keySlots {
            guard let position = slots.firstIndex(of: slot),
                case .value(let value) = binding.bound[position].coercer.coerce(row.fields[binding.bound[position].index])
            else { return nil }
            parts.append(value)
        }
        return parts.joined(separator: " / ")
    }

    /// The calendar day of a canonical UTC instant in the date column's zone: a file's
    /// `2026-03-02` read in Asia/Tokyo is that day, not the UTC day before.
    private func localDay(_ canonical: String) -> String {
        guard let zone = dateZone, let instant = ISO8601Strict.parseDateTime(canonical) else { return String(canonical.prefix(10)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The zone of the aggregated-usage date column, when it is not UTC.
    private var dateZone: TimeZone? {
        guard let zone = binding.bound.first(where: { $0.column.to == "date" })?.column.coercer.timezone, zone != "UTC" else { return nil }
        return TimeZone(identifier: zone)
    }

    private func target(_ cell: Cell) -> String { binding.bound[cell.position].column.to }

    private func rejectOutcome(_ row: CSVRow, _ reject: RejectedRow) -> Outcome {
        .reject(reject, key: keyOfRejected(row))
    }

    /// Fills the key; aggregated usage keys default the user and date and use the day only.
    private func keyed(line: Int, values: RowValues, fingerprint: RowFingerprint = .none) -> EvaluatedRow {
        var row = EvaluatedRow(line: line, key: "", values: values)
        if plan.object == .usageAggregated, let userSlot = layout.slots["user_id"], let dateSlot = layout.slots["date"] {
            row.values.set(userSlot, row.value(at: userSlot) ?? Self.accountUser, fired: nil)
            row.values.set(dateSlot, row.value(at: dateSlot).map(localDay) ?? day, fired: nil)
        }
        row.values.attach(fingerprint)
        row.values.compact()
        switch keySlots.count {
        case 0: break
        case 1: row.key = row.value(at: keySlots[0]) ?? ""
        default: row.key = keySlots.compactMap { row.value(at: $0) }.joined(separator: " / ")
        }
        return row
    }

    private func reject(_ row: CSVRow, _ index: Int, _ code: RejectCode, _ reason: String) -> RejectedRow {
        RejectedRow(line: row.line, column: index + 1, value: row.fields[index], code: code.rawValue, reason: reason)
    }
}
