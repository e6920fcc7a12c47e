import Foundation
import IntakeCompiler
import IntakeRunner

/// Runs two plans over one file against the same state and compares where each record ends.
struct ImpactAnalyzer {
    let old: Plan
    let new: Plan
    let store: any StateStore
    let asOf: Date
    /// How many sample records to keep (values from the file; 0 keeps none).
    let sampleLimit: Int

    private static let transitionLimit = 5
    private static let lineLimit = 5

    /// The impact, or a message saying why the file could not be read.
    func analyze(_ url: URL, path: String) -> Result<ImpactReport, RunnerFailure> {
        let before: RunOutcome
        let after: RunOutcome
        do {
            before = try run(old, url, path)
            after = try run(new, url, path)
        } catch {
            return .failure(error)
        }
        var report = ImpactReport(
            data: path, old: side(before), new: side(after), records: 0, attributes: [], outcomes: outcomes(before, after), samples: [])
        compareRecords(before.changeset, after.changeset, into: &report)
        return .success(report)
    }

    /// A file the runner could not open.
    struct RunnerFailure: Error {
        let message: String
    }

    private func run(_ plan: Plan, _ url: URL, _ path: String) throws(RunnerFailure) -> RunOutcome {
        do {
            let reader = try CSVReader(
                url: url, delimiter: plan.csv.delimiter.utf8.first ?? 44, footer: FooterPolicy(rawValue: plan.csv.footer) ?? .reject)
            return Runner(plan: plan, store: store).run(reader, sourcePath: path, asOf: asOf)
        } catch {
            throw RunnerFailure(message: "\(path): \(error.message)")
        }
    }

    private func side(_ outcome: RunOutcome) -> ImpactReport.RunSide {
        let counts = outcome.changeset?.counts ?? ChangesetCounts()
        return ImpactReport.RunSide(
            counts: [
                "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged, "rejected": counts.rejected,
                "superseded": counts.superseded, "appended": counts.appended,
            ],
            failure: outcome.failed ? outcome.diagnostics.first { $0.severity == .error }?.message ?? "the run failed" : nil)
    }

    /// Each data line's outcome under a changeset; lines not listed were unchanged rows.
    private func lineOutcomes(_ changeset: Changeset?) -> [Int: String] {
        guard let changeset else { return [:] }
        var out: [Int: String] = [:]
        for change in changeset.changes { out[change.line] = change.action == .create ? "created" : "updated" }
        for reject in changeset.rejects { out[reject.line] = "rejected \(reject.code)" }
        for row in changeset.superseded { out[row.line] = "superseded" }
        for event in changeset.appends { out[event.line] = "appended" }
        return out
    }

    private func outcomes(_ before: RunOutcome, _ after: RunOutcome) -> [OutcomeImpact] {
        guard before.changeset != nil, after.changeset != nil else { return [] }
        let a = lineOutcomes(before.changeset)
        let b = lineOutcomes(after.changeset)
        var groups: [String: OutcomeImpact] = [:]
        for line in Set(a.keys).union(b.keys).sorted() {
            let old = a[line] ?? "unchanged"
            let new = b[line] ?? "unchanged"
            guard old != new else { continue }
            groups["\(old)\u{0}\(new)", default: OutcomeImpact(old: old, new: new, rows: 0, lines: [])].rows += 1
            if groups["\(old)\u{0}\(new)"]!.lines.count < Self.lineLimit { groups["\(old)\u{0}\(new)"]!.lines.append(line) }
        }
        return groups.values.sorted { ($0.rows, $1.old, $1.new) > ($1.rows, $0.old, $0.new) }
    }

    private func compareRecords(_ before: Changeset?, _ after: Changeset?, into report: inout ImpactReport) {
        guard let before, let after else { return }
        // Appended events have no key: the same file line is the same event under both plans.
        func byKey(_ changeset: Changeset) -> [String: RecordChange] {
            let events = changeset.appends.map { event in
                RecordChange(
                    key: "line \(event.line)", keyFields: [:], action: .create, line: event.line,
                    attributes: SortedFields(event.fields.mapValues { AttributeChange(old: nil, new: $0) }))
            }
            return Dictionary((changeset.changes + events).map { ($0.key, $0) }, uniquingKeysWith: { _, b in b })
        }
        let oldChanges = byKey(before)
        let newChanges = byKey(after)
        var perAttribute: [String: (records: Int, lost: Int, gained: Int, pairs: [PairKey: Int])] = [:]
        var samples: [RecordImpact] = []
        var differing = 0
        for key in Set(oldChanges.keys).union(newChanges.keys).sorted() {
            let o = oldChanges[key]
            let n = newChanges[key]
            var record: [String: AttributeImpact.Transition] = [:]
            let touched = Set(o?.attributes.keys.map { $0 } ?? []).union(n?.attributes.keys.map { $0 } ?? [])
            for attribute in touched {
                // A side that did not touch the attribute leaves the stored value, which the other side saw as `old`.
                let stored = o?.attributes[attribute]?.old ?? n?.attributes[attribute]?.old
                let oldEnd = o?.attributes[attribute].map(\.new) ?? stored
                let newEnd = n?.attributes[attribute].map(\.new) ?? stored
                guard oldEnd != newEnd else { continue }
                record[attribute] = .init(old: oldEnd, new: newEnd, records: 1)
                var entry = perAttribute[attribute] ?? (0, 0, 0, [:])
                entry.records += 1
                if oldEnd != nil && newEnd == nil { entry.lost += 1 }
                if oldEnd == nil && newEnd != nil { entry.gained += 1 }
                entry.pairs[PairKey(old: oldEnd, new: newEnd), default: 0] += 1
                perAttribute[attribute] = entry
            }
            guard !record.isEmpty else { continue }
            differing += 1
            samples.append(RecordImpact(key: key, line: n?.line ?? o?.line ?? 0, attributes: record))
        }
        report.records = differing
        report.samples = Array(samples.sorted { ($0.line, $0.key) < ($1.line, $1.key) }.prefix(sampleLimit))
        report.attributes = perAttribute.map { name, entry in
            let pairs = entry.pairs.sorted { a, b in
                a.value != b.value ? a.value > b.value : (a.key.old ?? "", a.key.new ?? "") < (b.key.old ?? "", b.key.new ?? "")
            }
            return AttributeImpact(
                attribute: name, records: entry.records, lost: entry.lost, gained: entry.gained,
                transitions: pairs.prefix(Self.transitionLimit).map { .init(old: $0.key.old, new: $0.key.new, records: $0.value) })
        }.sorted { ($0.records, $1.attribute) > ($1.records, $0.attribute) }
    }

    private struct PairKey: Hashable {
        let old: String?
        let new: String?
    }
}
