import Foundation
import IntakeCompiler

/// Turns one CSV row into field actions, or a reject naming the line, column, value and reason.
struct RowEvaluator {
    let plan: Plan
    let binding: ColumnBinding
    let headerCount: Int
    /// The as-of instant in canonical form, for `today` on date fields.
    let today: String
    /// The as-of day (`yyyy-MM-dd`), for aggregated-usage keys.
    let day: String

    /// The dummy user aggregated usage is stored on when a row names none (not a valid id, so no clash).
    static let accountUser = "(account)"

    /// A row's fate.
    enum Outcome {
        case row(EvaluatedRow)
        case reject(RejectedRow)
    }

    func evaluate(_ row: CSVRow) -> Outcome {
        guard row.fields.count == headerCount else {
            return .reject(RejectedRow(
                line: row.line, column: nil, value: nil, code: RejectCode.fieldCount.rawValue,
                reason: "row has \(row.fields.count) fields; the header has \(headerCount)"))
        }
        if let column = row.invalidUTF8Column {
            return .reject(RejectedRow(
                line: row.line, column: column, value: nil, code: RejectCode.invalidEncoding.rawValue,
                reason: "cell is not valid UTF-8; save the file as UTF-8"))
        }
        var actions: [String: FieldAction] = [:]
        for bound in binding.bound {
            let raw = row.fields[bound.index]
            let column = bound.column
            switch bound.coercer.coerce(raw) {
            case .value(let value):
                actions[column.to] = .set(value, fired: nil)
            case .invalid(let code, let reason):
                return .reject(reject(row, bound, code, "'\(column.to)': \(reason)"))
            case .empty:
                switch column.empty {
                case "reject":
                    return .reject(reject(row, bound, .requiredEmpty, "required field '\(column.to)' is empty"))
                case "keep":
                    break
                case "value":
                    actions[column.to] = .set(column.emptyValue ?? "", fired: "value")
                case "today":
                    actions[column.to] = .set(today, fired: "today")
                default:
                    actions[column.to] = .delete(fired: "delete")
                }
            }
        }
        for group in plan.rowRules.oneOf where !group.contains(where: { hasValue($0, actions) }) {
            return .reject(RejectedRow(
                line: row.line, column: nil, value: nil, code: RejectCode.oneOfEmpty.rawValue,
                reason: "one of \(group.map { "'\($0)'" }.joined(separator: " or ")) must have a value"))
        }
        return .row(keyed(line: row.line, actions: actions))
    }

    private func hasValue(_ field: String, _ actions: [String: FieldAction]) -> Bool {
        if case .set(let value, _)? = actions[field] { return !value.isEmpty }
        return false
    }

    /// Fills the key; aggregated usage keys default the user and date and use the day only.
    private func keyed(line: Int, actions: [String: FieldAction]) -> EvaluatedRow {
        var actions = actions
        var keyFields: [String: String] = [:]
        if plan.object == .usageAggregated {
            let user = actions["user_id"].flatMap { if case .set(let v, _) = $0 { v } else { nil } } ?? Self.accountUser
            let date = actions["date"].flatMap { if case .set(let v, _) = $0 { String(v.prefix(10)) } else { nil } } ?? day
            actions["user_id"] = .set(user, fired: nil)
            actions["date"] = .set(date, fired: nil)
        }
        for field in plan.key {
            if case .set(let value, _)? = actions[field] { keyFields[field] = value }
        }
        let key = plan.key.compactMap { keyFields[$0] }.joined(separator: " / ")
        return EvaluatedRow(line: line, key: key, keyFields: keyFields, actions: actions)
    }

    private func reject(_ row: CSVRow, _ bound: ColumnBinding.Bound, _ code: RejectCode, _ reason: String) -> RejectedRow {
        RejectedRow(line: row.line, column: bound.index + 1, value: row.fields[bound.index], code: code.rawValue, reason: reason)
    }
}
