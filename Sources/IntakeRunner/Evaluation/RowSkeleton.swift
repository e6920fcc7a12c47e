import IntakeCompiler

/// What the dedupe and the cross-checks read of a row set aside on disk, written beside it in
/// a run of their own: its line, its key and the values it sets in the few fields the checks
/// look at (an account's parent, a user's manager), in a layout of their own.
///
/// The checks read only values set (an empty parent cell deletes the parent, and reads as no
/// parent), so a skeleton without one holds empty values, which read as untouched.
struct RowSkeleton {
    /// The skeletons' layout: the checked fields only (the key is the row's `key`).
    let layout: RowLayout
    /// Checked fields: slot in the rows' layout, slot in the skeletons'.
    private let slots: [(from: Int, to: Int)]

    /// The skeleton of `plan`'s rows laid out by `rows`.
    init(plan: Plan, rows: RowLayout) {
        let checked = Self.checkedFields(of: plan).filter { rows.slots[$0] != nil }
        let layout = RowLayout(fields: checked, key: [])
        self.layout = layout
        slots = checked.map { (rows.slots[$0]!, layout.slots[$0]!) }
    }

    /// The fields the cross-checks read, besides the key.
    static func checkedFields(of plan: Plan) -> [String] {
        var fields: [String] = []
        if plan.rowRules.accountMustExist { fields.append("account_id") }
        if plan.rowRules.checkParents { fields.append("parent_id") }
        if plan.object == .totangoUser { fields += ["manager_id"] + plan.rowRules.requiredForNew }
        return fields
    }

    /// `row`'s skeleton.
    func skeleton(of row: EvaluatedRow) -> EvaluatedRow {
        var values = RowValues()
        for (from, to) in slots {
            guard case .set(let fired) = row.values.tag(from) else { continue }
            if values.count == 0 { values = RowValues(count: layout.names.count) }
            _ = row.values.withValue(from) { values.set(to, bytes: $0, fired: fired) }
        }
        values.compact()
        return EvaluatedRow(line: row.line, key: row.key, values: values)
    }
}
