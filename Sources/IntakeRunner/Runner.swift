import Foundation
import IntakeCompiler
import IntakeDiagnostics

/// What a run produced: the changeset (when the file could be read), file-level diagnostics,
/// and the raw cells of rejected rows for the rejects file.
public struct RunOutcome: Sendable {
    /// The changeset; nil when the file could not be processed at all.
    public var changeset: Changeset?
    /// File-level errors and warnings, located in the data file.
    public var diagnostics: [Diagnostic]
    /// The file's header.
    public var header: [String]
    /// Raw cells of each rejected row, by line.
    public var rejectedCells: [Int: [String]]
    /// Rows set aside on disk because those held outgrew the memory budget; 0 when all fit.
    public var rowsSetAside = 0
    /// Unchanged rows recognised by their fingerprints (`RowFingerprint`), not compared again.
    public var rowsRecognised = 0
    /// The tag of the fingerprints its changes carry; nil when they carry none.
    public var fingerprintTag: UInt32?

    /// Creates an outcome.
    public init(changeset: Changeset?, diagnostics: [Diagnostic], header: [String], rejectedCells: [Int: [String]]) {
        self.changeset = changeset
        self.diagnostics = diagnostics
        self.header = header
        self.rejectedCells = rejectedCells
    }

    /// Whether the run failed (nothing may be applied).
    public var failed: Bool { changeset == nil || diagnostics.contains { $0.severity == .error } }
}

/// Carries out a plan over a CSV file against the state store, producing a changeset. Writes nothing.
public struct Runner: Sendable {
    /// The plan.
    public let plan: Plan
    /// The state the file is compared with.
    public let store: any StateStore
    /// Bytes of evaluated rows held in memory, past which rows are set aside on disk; changes
    /// get a quarter of it (`changeSpill`).
    public let memoryBudget: Int
    /// Where rows are set aside: the system's temporary directory unless given.
    public let spillDirectory: URL
    /// Rows a part of set-aside rows holds at least, whatever the budget: a store scans a
    /// part's key range only past ~100,000 keys, and looks fewer up an `IN (…)` chunk at a
    /// time. Tests lower it to compare in many parts.
    var partMinimum = 131_072
    /// The most stored fingerprints a plan recognises rows by, when not a quarter of the budget's
    /// worth (`knownFingerprints`). Tests raise it to recognise rows and set them aside in one run.
    var fingerprintLimit: Int?
    /// The most data rows a plan reads: its checks number rows in 32 bits. Tests lower it.
    var rowLimit = Int(Int32.max) - 1
    /// The last line a plan reads: the checks keep the lines of rows that name other records
    /// in 32 bits (`Reference`). Tests lower it.
    var lineLimit = Int(UInt32.max)
    /// Whether every row's fingerprint goes with its change, for the store to keep (an apply
    /// does this; a plan takes fingerprints only to recognise rows by those the store has).
    public var takesFingerprints = false

    /// Creates a runner; `memoryBudget` defaults to `defaultMemoryBudget`.
    public init(plan: Plan, store: any StateStore, memoryBudget: Int? = nil, spillDirectory: URL? = nil) {
        self.plan = plan
        self.store = store
        self.memoryBudget = max(1, memoryBudget ?? Self.defaultMemoryBudget)
        self.spillDirectory = spillDirectory ?? FileManager.default.temporaryDirectory
    }

    /// The store namespace of the plan's records.
    public static func namespace(of plan: Plan) -> String {
        plan.object == .collection ? "collection:\(plan.collection ?? "")" : plan.object.rawValue
    }

    /// Reads every row, checks it, compares with the store and returns the changeset.
    public func run(_ reader: CSVReader, sourcePath: String, asOf: Date) -> RunOutcome {
        let clock = PhaseClock()
        defer { clock.report() }
        var outcome = RunOutcome(changeset: nil, diagnostics: [], header: [], rejectedCells: [:])
        func fail(_ code: DiagnosticCode, _ message: String, line: Int = 1, column: Int? = nil, hint: String? = nil) -> RunOutcome {
            outcome.diagnostics.append(Diagnostic(code, message, at: SourceLocation(file: sourcePath, line: line, column: column ?? 1), hint: hint))
            return outcome
        }
        let header: CSVHeader
        do { header = try reader.readHeader() } catch { return fail(.dataFileInvalid, error.message, line: error.line, column: error.column) }
        outcome.header = header.names
        let binding = ColumnBinding(plan: plan, header: header, file: sourcePath)
        outcome.diagnostics += binding.diagnostics
        guard !outcome.diagnostics.contains(where: { $0.severity == .error }) else { return outcome }
        let today = ISO8601Strict.canonical(Calendar.utc.startOfDay(for: asOf))
        let extra = plan.object == .usageAggregated ? ["user_id", "date"] : []
        let layout = RowLayout(fields: binding.bound.map(\.column.to) + extra, key: plan.key)
        var evaluator = RowEvaluator(
            plan: plan, binding: binding, layout: layout, slots: binding.bound.map { layout.slots[$0.column.to]! },
            headerCount: header.names.count, today: today, day: String(today.prefix(10)))
        // The tag the last apply kept, when it ran this spec and model: only then can the
        // store hold fingerprints this plan would make.
        let keptTag = tagOfLastApply()
        let fingerprinter = takesFingerprints || keptTag != nil ? RowFingerprinter(plan: plan, binding: binding, today: today) : nil
        let recognises = fingerprinter != nil && fingerprinter?.tag == keptTag
        var rows: [EvaluatedRow] = []
        var rejects: [RejectedRow] = []
        var rejectedKeys: [(key: String, line: Int)] = []
        var held = 0
        var sized = false
        // Rows are read on their own thread in batches and each batch is evaluated on every
        // core; outcomes are consumed in file order, so the result is the same as a sequential run.
        func consume(_ batch: CSVBatch) {
            Parallel.evaluate(batch, with: evaluator) { index, result in
                switch consume result {
                case .row(let evaluated):
                    held += evaluated.footprint
                    rows.append(evaluated)
                case .reject(let reject, let key):
                    rejects.append(reject)
                    if let key { rejectedKeys.append((key, reject.line)) }
                    outcome.rejectedCells[reject.line] = batch.row(index).fields
                }
            }
            if !sized {
                sized = true
                Self.reserve(&rows, held: held, forFileOf: reader.totalBytes, from: batch, budget: memoryBudget)
            }
        }
        // Rows past the budget go to disk in sorted runs; appended events keep file order and stay.
        var aside: SetAside?
        func setAside() -> RowSpill.Failure? {
            do throws(RowSpill.Failure) {
                if aside == nil { aside = try SetAside(directory: spillDirectory, skeleton: RowSkeleton(plan: plan, rows: layout)) }
                try aside!.add(&rows)
                held = 0
                return nil
            } catch {
                return error
            }
        }
        var spillFailure: RowSpill.Failure?
        // While the store is read for fingerprints (one core; 3 s at ten million records), the
        // reading thread gets ahead on the file, its waiting batches holding up to a quarter of
        // the memory budget.
        let batches = recognises
            ? RowBatches(reader, batchSize: Parallel.batchSize, depth: .max, bytes: memoryBudget / 4)
            : RowBatches(reader, batchSize: Parallel.batchSize)
        let known = fingerprinter.map { KnownFingerprints(recognises ? knownFingerprints(tag: $0.tag) : []) }
        batches.limit(to: 2)
        // The evaluator holds both unretained: they live as long as the run.
        defer { withExtendedLifetime((fingerprinter, known)) {} }
        if let fingerprinter, let known, takesFingerprints || !known.isEmpty {
            evaluator.recognise(with: fingerprinter, known: known)
            if takesFingerprints { outcome.fingerprintTag = fingerprinter.tag }
            clock.mark("fingerprints")
        }
        // Only then can a row come out `.known`.
        let recognising = !(known?.isEmpty ?? true)
        var rowsRead = 0
        do {
            while spillFailure == nil, let batch = try batches.next() {
                if let past = limitPassed(by: batch, after: rowsRead) {
                    batches.cancel()
                    return fail(.dataFileInvalid, past.message, line: past.line, hint: past.hint)
                }
                rowsRead += batch.count
                consume(batch)
                if held > memoryBudget, plan.duplicates != .append { spillFailure = setAside() }
            }
        } catch {
            return fail(.dataFileInvalid, error.message, line: error.line, column: error.column,
                        hint: error.kind == .footer ? "remove the footer, or set csv: { footer: strip } in the spec" : nil)
        }
        if spillFailure == nil, aside != nil, !rows.isEmpty { spillFailure = setAside() }
        if let spillFailure {
            batches.cancel()
            return fail(.spillFailed, spillFailure.message, hint: Self.spillHint)
        }
        if let aside { outcome.rowsSetAside = aside.file.rowCount }
        clock.mark("read+evaluate")
        var warnings: [String] = []
        if let footer = reader.strippedFooter {
            let message = "stripped a \(footer.rows)-line report footer starting at line \(footer.line)"
            warnings.append(message)
            outcome.diagnostics.append(Diagnostic(.footerStripped, message, at: SourceLocation(file: sourcePath, line: footer.line, column: 1)))
        }
        let columns = Dictionary(binding.bound.map { ($0.column.to, $0.index + 1) }, uniquingKeysWith: { a, _ in a })
        do {
            // The rows set aside are on disk: the dedupe and checks read their skeletons.
            var checked = if let aside {
                try checkSetAside(aside, rejected: rejectedKeys, columns: columns)
            } else {
                try checkHeld(&rows, layout: layout, rejected: rejectedKeys, columns: columns)
            }
            let duplicates = checked.duplicates
            if !duplicates.isEmpty {
                let notes = duplicates.prefix(50).map { Diagnostic.Note("'\($0.key)' on lines \($0.lines.map(String.init).joined(separator: ", "))") }
                outcome.diagnostics.append(Diagnostic(
                    .duplicateKeys, "\(duplicates.count) key\(duplicates.count == 1 ? "" : "s") appear on several rows of a one-time file",
                    at: SourceLocation(file: sourcePath, line: duplicates[0].lines[1], column: 1),
                    hint: "a one-time file must name each record once: aggregate the rows, split the file, or use mode: recurring (last row wins)",
                    notes: notes + (duplicates.count > 50 ? [.init("… and \(duplicates.count - 50) more")] : [])))
                return outcome
            }
            rejects += checked.rejects
            (outcome.changeset, outcome.rowsRecognised) = try changeset(
                &checked, aside: aside, layout: layout, recognising: recognising, rejects: rejects, warnings: warnings,
                source: ChangesetSource(path: sourcePath, sha256: reader.sha256, rows: reader.dataRows), asOf: asOf, today: today)
            // Compared rows were released as the store comparison went; appended events' rows
            // (a million take a tenth of a second to free) go beside the caller's rendering.
            Parallel.release(checked.kept)
        } catch let error as RowSpill.Failure {
            return fail(.spillFailed, error.message, hint: Self.spillHint)
        } catch let error as StoreError {
            return fail(.storeFailure, "state store: \(error.message)")
        } catch {
            return fail(.storeFailure, "state store: \(error)")
        }
        checkRejectLimit(&outcome, rows: reader.dataRows, sourcePath: sourcePath)
        return outcome
    }

    /// Makes `rows`, the first batch's, as large as the whole file's rows will be, about, when
    /// they fit the budget: grown by doubling, ten million rows' array was copied into fresh
    /// pages time and again (320 MB more faulted in). Room past the last row is never touched.
    static func reserve(_ rows: inout [EvaluatedRow], held: Int, forFileOf totalBytes: Int?, from batch: CSVBatch, budget: Int) {
        guard let totalBytes, !rows.isEmpty, batch.fileBytes > 0 else { return }
        let expected = totalBytes / batch.fileBytes * batch.count + totalBytes % batch.fileBytes * batch.count / batch.fileBytes
        let room = expected + expected / 20
        // In floating point: the held bytes those rows would take, without truncation or overflow.
        guard room > rows.count, Double(room) / Double(rows.count) * Double(held) <= Double(budget) else { return }
        rows.reserveCapacity(room)
    }

    /// What to do when rows cannot be set aside.
    private static let spillHint = "free space there, point TMPDIR at a larger disk, or raise --memory-budget"

    /// The changeset of the `checked` rows (their lines, when they were set `aside`).
    private func changeset(
        _ checked: inout CheckedRows, aside: SetAside?, layout: RowLayout, recognising: Bool, rejects: [RejectedRow],
        warnings: [String], source: ChangesetSource, asOf: Date, today: String
    ) throws -> (Changeset, recognised: Int) {
        var counts = ChangesetCounts()
        var changes = ChangeList()
        var appends: [AppendedEvent] = []
        var recordsDigest = RecordDigest.compute(keys: [], records: [:])
        var recognised = 0
        if plan.duplicates == .append {
            appends = checked.kept.map { row in
                var fields = row.setFields(layout)
                fields["count"] = fields["count"] ?? "1"
                fields["date"] = fields["date"] ?? today
                return AppendedEvent(line: row.line, fields: fields)
            }
            counts.appended = appends.count
        } else {
            // UTF-8 byte order is the store's key order, so the store can merge instead of look up.
            // Sorted before the checks, which keep the order; the store merge depends on it.
            assert(zip(checked.kept, checked.kept.dropFirst()).allSatisfy { ByteOrder.less($0.key, $1.key) }, "rows must arrive key-sorted")
            let compared = if let aside {
                try compareSetAside(aside, kept: checked, layout: layout, recognises: recognising)
            } else {
                try StoreComparison(store: store, namespace: Self.namespace(of: plan), layout: layout, recognises: recognising)
                    .compare(&checked.kept, spill: changeSpill)
            }
            PhaseClock.current?.mark("fetch+diff")
            changes = compared.changes
            counts.unchanged = compared.unchanged
            counts.created = changes.creates
            counts.updated = changes.count - counts.created
            recordsDigest = compared.recordsDigest
            recognised = compared.recognised
        }
        counts.rejected = rejects.count
        counts.superseded = checked.superseded.count
        let changeset = Changeset(
            changesetVersion: Changeset.formatVersion, integration: plan.integration, object: plan.object.rawValue,
            namespace: Self.namespace(of: plan), asOf: ISO8601Strict.canonical(asOf), source: source,
            digests: ChangesetDigests(spec: plan.digests.spec, model: plan.digests.model, records: recordsDigest),
            counts: counts, changes: changes, appends: appends,
            rejects: rejects.sorted { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) },
            superseded: checked.superseded, warnings: warnings)
        return (changeset, recognised)
    }

    private func checkRejectLimit(_ outcome: inout RunOutcome, rows: Int, sourcePath: String) {
        guard let rejected = outcome.changeset?.counts.rejected, rejected > 0 else { return }
        let limit = plan.maxRejectedRows
        let allowed = limit.kind == "percent" ? Double(rows) * limit.value / 100 : limit.value
        guard Double(rejected) > allowed else { return }
        let what = limit.kind == "percent" ? "\(limit.value.formatted())% of \(rows) rows" : "\(Int(limit.value))"
        outcome.changeset?.errors.append("\(rejected) rows rejected; max_rejected_rows allows \(what)")
        outcome.diagnostics.append(Diagnostic(
            .tooManyRejects, "\(rejected) rows rejected; max_rejected_rows allows \(what)",
            at: SourceLocation(file: sourcePath, line: outcome.changeset?.rejects.first?.line ?? 1, column: 1),
            hint: "fix the rows (see --rejects FILE), or raise max_rejected_rows in the spec"))
    }
}

extension Calendar {
    /// A Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
