import Foundation
import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSpec

/// Runs one plan over one file: skip-identical check, the runner, the optional apply, the run record.
struct FileRunner {
    let project: Project
    let plan: Plan
    let store: any StateStore
    let asOf: Date
    let force: Bool
    let verbose: Bool
    let guards: GuardEnforcement
    var progress: (@Sendable (RunProgress) -> Void)? = nil
    /// Bytes of rows held in memory; nil is the runner's default.
    var memoryBudget: Int? = nil

    func run(_ file: DataFile, command: String) -> FileRun {
        let url = file.url
        let path = file.source
        var record = RunRecord(
            integration: plan.integration, command: command, outcome: "failed", startedAt: ISO8601Strict.canonical(Date()),
            source: path, specDigest: plan.digests.spec, modelDigest: plan.digests.model)
        record.sourceObject = file.object
        var empty = RunOutcome(changeset: nil, diagnostics: [], header: [], rejectedCells: [:])
        if plan.mode == "recurring", !force, let skipped = skipIfIdentical(file, record: &record, outcome: &empty) {
            return skipped
        }
        var outcome: RunOutcome
        do {
            let reader = try CSVReader(url: url, delimiter: plan.csv.delimiter.utf8.first ?? 44, footer: FooterPolicy(rawValue: plan.csv.footer) ?? .reject)
            if let progress {
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
                reader.onProgress = { progress(RunProgress(file: path, bytesRead: $0.bytesRead, totalBytes: size, rows: $0.rows)) }
            }
            var runner = Runner(plan: plan, store: store, memoryBudget: memoryBudget)
            // The store keeps each applied row's fingerprint, so the next plan recognises the row.
            runner.takesFingerprints = command == "apply"
            outcome = runner.run(reader, sourcePath: path, asOf: asOf)
        } catch {
            empty.diagnostics.append(Diagnostic(.dataFileInvalid, error.message, at: SourceLocation(file: path, line: error.line, column: error.column ?? 1)))
            return FileRun(path: path, outcome: empty, record: try? store.record(record), skipped: false)
        }
        Self.fillRejectedCells(&outcome, from: url, plan: plan)
        guards.enforce(&outcome, record: &record)
        record.fileSHA256 = outcome.changeset?.source.sha256
        record.counts = outcome.changeset?.counts
        var result = FileRun(path: path, outcome: outcome, record: nil, skipped: false)
        if outcome.failed {
            record.reason = outcome.diagnostics.first { $0.severity == .error }?.message
            result.record = try? store.record(record)
            return result
        }
        guard command == "apply", let changeset = outcome.changeset else {
            record.outcome = "planned"
            result.record = try? store.record(record)
            return result
        }
        let clock = PhaseClock()
        defer { clock.report() }
        record.fingerprintTag = outcome.fingerprintTag
        do {
            result.record = try store.apply(changeset, run: record)
        } catch {
            result.outcome.diagnostics.append(ApplyErrors.diagnostic(error, verbose: verbose))
            record.reason = error.message
            record.fingerprintTag = nil
            result.record = try? store.record(record)
        }
        return result
    }

    /// Rows rejected by the cross-record checks were not kept while reading; a second pass over
    /// the file picks up just those lines, so the rejects file shows their original cells.
    static func fillRejectedCells(_ outcome: inout RunOutcome, from url: URL, plan: Plan) {
        guard let rejects = outcome.changeset?.rejects else { return }
        var missing = Set(rejects.map(\.line).filter { outcome.rejectedCells[$0] == nil })
        guard !missing.isEmpty,
            let reader = try? CSVReader(url: url, delimiter: plan.csv.delimiter.utf8.first ?? 44, footer: .strip),
            (try? reader.readHeader()) != nil
        else { return }
        while !missing.isEmpty, let row = try? reader.next() {
            if missing.remove(row.line) != nil { outcome.rejectedCells[row.line] = row.fields }
        }
    }

    /// The applied run of an integration whose file had this SHA-256, if any.
    static func appliedRun(of integration: String, sha256: String, in store: any StateStore) throws(StoreError) -> RunRecord? {
        try store.runs(integration: integration, limit: 100_000).first { $0.outcome == "applied" && $0.fileSHA256 == sha256 }
    }

    /// A skipped run when the file is byte-identical to an applied run's (the reference's FAQ);
    /// any applied run counts, so `pick: all` never applies one file twice.
    private func skipIfIdentical(_ file: DataFile, record: inout RunRecord, outcome: inout RunOutcome) -> FileRun? {
        let path = file.source
        // Hashing reads the whole file once more, so only when some run was applied at all;
        // a download was hashed while it streamed.
        guard (try? store.lastApplied(integration: plan.integration)) != nil,
            let sha = file.sha256 ?? (try? FileDigest.sha256(of: file.url)),
            let last = try? Self.appliedRun(of: plan.integration, sha256: sha, in: store)
        else { return nil }
        // The reference marks a skipped run as a failure; the reason says why.
        record.outcome = "failed"
        record.fileSHA256 = sha
        record.reason = "skipped: identical to run \(last.id)"
        outcome.diagnostics.append(Diagnostic(
            .identicalFile, "'\(path)' is identical to the file of run \(last.id) (applied \(last.startedAt)); skipped",
            at: nil, hint: "pass --force to run it anyway"))
        return FileRun(path: path, outcome: outcome, record: try? store.record(record), skipped: true)
    }
}

/// Store errors as diagnostics.
enum ApplyErrors {
    /// The diagnostic; SQLite's own detail (which may quote row values) only when verbose.
    static func diagnostic(_ error: StoreError, verbose: Bool) -> Diagnostic {
        let notes = verbose ? error.detail.map { [Diagnostic.Note($0)] } ?? [] : []
        switch error.kind {
        case .stale:
            return Diagnostic(.staleChangeset, error.message, at: nil, hint: "plan again and review the new changeset", notes: notes)
        default:
            return Diagnostic(
                .storeFailure, "state store: \(error.message)", at: nil,
                hint: verbose || error.detail == nil ? nil : "--verbose shows SQLite's detail, which may include row values", notes: notes)
        }
    }
}

/// SHA-256 of a file, read in chunks.
enum FileDigest {
    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var builder = DigestBuilder()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            builder.update(chunk)
        }
        return builder.finalize()
    }
}
