import IntakeCompiler
import IntakeDiagnostics
import IntakeRunner
import IntakeSpec

/// The semantic changes between two compiled versions of one integration.
///
/// Plans are compared, not YAML: every default is explicit in a plan, so a change that comes
/// from the model (a default, a type) shows in each integration it reaches.
struct PlanDiffer {
    let old: Plan
    let oldSpec: IntegrationSpec
    let new: Plan
    let newSpec: IntegrationSpec
    let usage: StoredUsage

    private var name: String { new.integration }
    private var recurring: Bool { new.mode == "recurring" }

    /// Every change, in spec order.
    func changes() -> [SemanticChange] {
        var out: [SemanticChange] = []
        func add(_ severity: SemanticChange.Severity, _ kind: String, _ message: String, reason: String? = nil, at location: SourceLocation?) {
            out.append(SemanticChange(severity, kind, integration: name, message, reason: reason, at: location ?? newSpec.rootLocation))
        }
        if old.object != new.object || old.collection != new.collection {
            add(.destructive, "object-changed", "object changes from \(describe(old)) to \(describe(new))",
                reason: "records already stored under the old object are no longer updated", at: newSpec.object.location)
        }
        if old.mode != new.mode {
            add(.review, "mode-changed", "mode changes from \(old.mode) to \(new.mode)",
                reason: new.mode == "recurring" ? "duplicate keys become last-wins and identical files are skipped" : "duplicate keys now fail the file",
                at: newSpec.mode.location)
        }
        if old.schedule != new.schedule {
            add(.safe, "schedule-changed", "schedule changes from \(old.schedule ?? "none") to \(new.schedule ?? "none")", at: newSpec.schedule?.location)
        }
        if old.source != new.source {
            add(.review, "source-changed", "source changes from \(describe(old.source)) to \(describe(new.source))",
                reason: "runs will read a different file", at: newSpec.source?.location)
        }
        if old.csv != new.csv {
            let footerOnly = old.csv.delimiter == new.csv.delimiter
            add(.review, "csv-changed", "CSV options change: \(csvPhrases().joined(separator: "; "))",
                at: footerOnly ? newSpec.csv.footer?.location ?? newSpec.csv.delimiter?.location : newSpec.csv.delimiter?.location)
        }
        if old.unmapped != new.unmapped {
            add(.review, "unmapped-changed", "unmapped headers: \(new.unmapped) (was \(old.unmapped))",
                reason: new.unmapped == "reject" ? "files with extra headers will now fail" : nil, at: newSpec.unmapped?.location)
        }
        if old.usageColumns != new.usageColumns {
            add(.review, "usage-columns-changed", "usage_columns: \(new.usageColumns ?? "mapped") (was \(old.usageColumns ?? "mapped"))",
                at: newSpec.usageColumns?.location)
        }
        if old.maxRejectedRows != new.maxRejectedRows {
            // A count and a percentage cannot be compared without the file's size: read it.
            let loosened = old.maxRejectedRows.kind != new.maxRejectedRows.kind || new.maxRejectedRows.value > old.maxRejectedRows.value
            add(loosened ? .review : .safe, "max-rejected-rows-changed",
                "max_rejected_rows: \(new.maxRejectedRows) (was \(old.maxRejectedRows))",
                reason: loosened ? "more bad rows will be tolerated before a file fails" : nil, at: newSpec.maxRejectedRows?.location)
        }
        if old.key != new.key {
            add(.destructive, "key-changed", "record key changes from \(old.key.joined(separator: " + ")) to \(new.key.joined(separator: " + "))",
                reason: "stored records will no longer match the file's rows; each row becomes a new record", at: newSpec.columnsLocation)
        }
        out += GuardDiff(old: old.guards, new: new.guards).changes(integration: name, at: newSpec.guards?.location ?? newSpec.rootLocation)
        out += columnChanges()
        out += defaultChanges()
        return out
    }

    private func columnChanges() -> [SemanticChange] {
        var out: [SemanticChange] = []
        let newByFrom = Dictionary(new.columns.map { ($0.from, $0) }, uniquingKeysWith: { a, _ in a })
        let oldByFrom = Dictionary(old.columns.map { ($0.from, $0) }, uniquingKeysWith: { a, _ in a })
        let newTargets = Set(new.columns.map(\.to))
        for column in old.columns where newByFrom[column.from] == nil {
            let base = SourceLocation(file: oldSpec.file.path, line: column.specLine, column: 1)
            if let renamed = new.columns.first(where: { $0.to == column.to && oldByFrom[$0.from] == nil }) {
                out.append(SemanticChange(
                    .review, "mapping-source-renamed", integration: name,
                    "\(column.to) is now read from header '\(renamed.from)' instead of '\(column.from)'",
                    reason: "files with the old header will fail", at: line(renamed.specLine), base: base))
            } else if !newTargets.contains(column.to) {
                out.append(SemanticChange(
                    recurring ? .destructive : .review, "mapping-removed", integration: name,
                    "mapping '\(column.from)' → \(column.to) removed",
                    reason: recurring ? "recurring runs stop updating \(column.to); stored values go stale" : nil,
                    at: newSpec.columnsLocation, base: base))
            }
        }
        for column in new.columns {
            guard let before = oldByFrom[column.from] else {
                if !old.columns.contains(where: { $0.to == column.to }) {
                    out.append(SemanticChange(
                        .safe, "mapping-added", integration: name, "mapping '\(column.from)' → \(column.to) added", at: line(column.specLine)))
                }
                continue
            }
            if before.to != column.to {
                out.append(SemanticChange(
                    recurring ? .destructive : .review, "mapping-retargeted", integration: name,
                    "'\(column.from)' now writes \(column.to) instead of \(before.to)",
                    reason: recurring ? "recurring runs stop updating \(before.to)" : nil, at: line(column.specLine),
                    base: SourceLocation(file: oldSpec.file.path, line: before.specLine, column: 1)))
                continue
            }
            if before.type != column.type {
                let (severity, reason) = usage.severity(
                    count: usage.records(in: Runner.namespace(of: new), with: column.to), what: "a value for \(column.to)")
                out.append(SemanticChange(
                    severity, "mapped-attribute-retyped", integration: name,
                    "\(column.to) ← '\(column.from)' is now read as \(column.type.rawValue) (was \(before.type.rawValue))",
                    reason: reason, at: line(column.specLine)))
            }
            let phrases = CoercerDiff.phrases(old: before.coercer, new: column.coercer)
                + (before.required == column.required ? [] : ["required: \(column.required) (was \(before.required))"])
            if !phrases.isEmpty {
                out.append(SemanticChange(
                    .review, "coercion-changed", integration: name, "\(column.to) ← '\(column.from)': \(phrases.joined(separator: "; "))",
                    reason: "values written for \(column.to) change", at: line(column.specLine)))
            }
        }
        return out
    }

    private func defaultChanges() -> [SemanticChange] {
        // An unmapped attribute's default never fires (absent columns are untouched), so only mapped ones count.
        let mapped = Set(new.columns.map(\.to))
        let before = Dictionary(old.defaults.map { ($0.attribute, $0) }, uniquingKeysWith: { a, _ in a })
        return new.defaults.compactMap { now in
            guard mapped.contains(now.attribute), let was = before[now.attribute], was.policy != now.policy || was.value != now.value
            else { return nil }
            let (severity, reason): (SemanticChange.Severity, String?) = switch now.policy {
            case "delete": (.destructive, "an empty cell will now clear the stored \(now.attribute)")
            case "keep": (.safe, nil)
            case "reject": (.review, "an empty cell will now reject the row")
            default: (.review, "an empty cell will now overwrite the stored \(now.attribute)")
            }
            return SemanticChange(
                severity, "default-changed", integration: name,
                "default of \(now.attribute): \(describe(now)) (was \(describe(was)))", reason: reason, at: defaultLocation(now))
        }
    }

    private func defaultLocation(_ value: PlanDefault) -> SourceLocation? {
        if let pair = newSpec.defaults.first(where: { $0.key.value == value.attribute }) { return pair.value.location }
        return newSpec.columns.first { $0.to.value == value.attribute }?.location
    }

    private func line(_ number: Int) -> SourceLocation { SourceLocation(file: newSpec.file.path, line: number, column: 1) }

    private func csvPhrases() -> [String] {
        var out: [String] = []
        if old.csv.delimiter != new.csv.delimiter { out.append("delimiter '\(new.csv.delimiter)' (was '\(old.csv.delimiter)')") }
        if old.csv.footer != new.csv.footer { out.append("footer \(new.csv.footer) (was \(old.csv.footer))") }
        if old.csv.maxColumns != new.csv.maxColumns { out.append("max columns \(new.csv.maxColumns) (was \(old.csv.maxColumns))") }
        if old.csv.encoding != new.csv.encoding { out.append("encoding \(new.csv.encoding) (was \(old.csv.encoding))") }
        return out
    }

    private func describe(_ plan: Plan) -> String { plan.collection.map { "collection \($0)" } ?? plan.object.rawValue }

    private func describe(_ source: PlanSource?) -> String {
        guard let source else { return "none" }
        return "\(source.kind) '\(source.location)'" + (source.pick.map { " (pick \($0))" } ?? "")
    }

    private func describe(_ value: PlanDefault) -> String { value.policy == "value" ? "value '\(value.value ?? "")'" : value.policy }
}
