import IntakeCompiler
import IntakeDiagnostics

/// The plan's columns bound to the file's header: which cell feeds which target, coerced how.
struct ColumnBinding {
    /// A column found in the header.
    struct Bound {
        let column: PlanColumn
        /// 0-based index in the row.
        let index: Int
        let coercer: ColumnCoercer
    }

    let bound: [Bound]
    let diagnostics: [Diagnostic]

    /// Binds `plan` to `header`; errors are file-level diagnostics located in the data file.
    init(plan: Plan, header: CSVHeader, file: String) {
        var bound: [Bound] = []
        var diagnostics: [Diagnostic] = []
        var named = Set<Int>()
        let headerLocation = SourceLocation(file: file, line: header.line, column: 1)
        for column in plan.columns {
            guard let index = header.index(of: column.from) else {
                if column.required {
                    diagnostics.append(Diagnostic(
                        .missingColumn, "the header has no column '\(column.from)', which required field '\(column.to)' maps",
                        at: headerLocation, hint: Self.nearHeader(column.from, header) ?? "header: \(header.names.joined(separator: ", "))"))
                } else {
                    diagnostics.append(Diagnostic(
                        .columnAbsent, "column '\(column.from)' is not in the file; '\(column.to)' is left untouched", at: headerLocation,
                        hint: Self.nearHeader(column.from, header)))
                }
                continue
            }
            named.insert(index)
            do {
                bound.append(Bound(column: column, index: index, coercer: try ColumnCoercer(column.coercer)))
            } catch {
                diagnostics.append(Diagnostic(.dataFileInvalid, "cannot coerce '\(column.from)': \(error.message)", at: headerLocation))
            }
        }
        var unmapped: [(Int, String)] = []
        for (index, name) in header.names.enumerated() where !named.contains(index) {
            // `usage_columns: all` reads every Module##Action header as a numeric usage column.
            if plan.usageColumns == "all", let metric = UsageMetricName(name) {
                let column = PlanColumn(
                    from: name, to: metric.description, target: .usageMetric, type: .number, required: false, key: false,
                    coercer: Coercer(type: .number, trim: true, decimal: "."), empty: "delete", specLine: 0)
                if let coercer = try? ColumnCoercer(column.coercer) { bound.append(Bound(column: column, index: index, coercer: coercer)) }
                continue
            }
            unmapped.append((index, name))
        }
        if plan.unmapped == "error" {
            for (index, name) in unmapped {
                diagnostics.append(Diagnostic(
                    .unmappedColumn, "column '\(name)' is not mapped by the spec", at: SourceLocation(file: file, line: header.line, column: index + 1),
                    hint: "map it under 'columns:', or set 'unmapped: ignore' in the spec"))
            }
        }
        self.bound = bound
        self.diagnostics = diagnostics
    }

    /// A hint naming a header that is probably the wanted column misspelt.
    static func nearHeader(_ wanted: String, _ header: CSVHeader) -> String? {
        Suggestions.closest(to: wanted, in: header.names).map {
            "the file has '\($0)': fix the header, or the spec's 'from: \(wanted)'"
        }
    }
}
