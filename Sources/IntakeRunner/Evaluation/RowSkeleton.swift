import IntakeCompiler

/// What the dedupe and the cross-checks read of a row, kept in memory for rows set aside on
/// disk: its line, its key and the few fields the checks look at (an account's parent, a
/// user's manager), in a layout of their own.
///
/// A row of seven fields took ~220 bytes; its skeleton takes the 32 of its place in the array
/// plus, when the plan checks parents or managers, one small allocation.
struct RowSkeleton {
    /// The skeletons' layout: the checked fields, then the key fields (never set: the key is
    /// the row's `key`).
    let layout: RowLayout
    /// Checked fields: slot in the rows' layout, slot in the skeletons'.
    private let slots: [(from: Int, to: Int)]

    /// The skeleton of `plan`'s rows laid out by `rows`.
    init(plan: Plan, rows: RowLayout) {
        var fields: [String] = []
        if plan.rowRules.accountMustExist { fields.append("account_id") }
        if plan.rowRules.checkParents { fields.append("parent_id") }
        if plan.object == .totangoUser { fields += ["manager_id"] + plan.rowRules.requiredForNew }
        let checked = fields.filter { rows.slots[$0] != nil }
        let layout = RowLayout(fields: checked, key: plan.key)
        self.layout = layout
        slots = checked.map { (rows.slots[$0]!, layout.slots[$0]!) }
    }

    /// `row`'s skeleton. Without checked fields its values are empty and allocate nothing
    /// (nothing reads them: the dedupe reads keys and lines).
    func skeleton(of row: EvaluatedRow) -> EvaluatedRow {
        guard !slots.isEmpty else { return EvaluatedRow(line: row.line, key: row.key, values: RowValues()) }
        var values = RowValues(count: layout.names.count)
        for (from, to) in slots {
            switch row.values.tag(from) {
            case .untouched: break
            case .set(let fired): _ = row.values.withValue(from) { values.set(to, bytes: $0, fired: fired) }
            case .delete(let fired): values.delete(to, fired: fired)
            }
        }
        values.compact()
        return EvaluatedRow(line: row.line, key: row.key, values: values)
    }
}
