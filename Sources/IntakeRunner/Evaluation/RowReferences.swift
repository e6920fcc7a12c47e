import Foundation
import IntakeCompiler

/// What the cross-checks read of each row, gathered one row at a time in key order, from rows
/// held in memory or from the skeletons of rows set aside: the accounts, parents and managers
/// the rows name (`Reference`), and the rows that leave empty a field a new record needs.
struct RowReferences {
    /// Slots of the fields checked; nil when a field is not checked (or not mapped).
    private let accountSlot: Int?
    private let parentSlot: Int?
    private let managerSlot: Int?
    /// Fields a new Totango user needs, and their slots.
    private let required: [(field: String, slot: Int?)]
    private(set) var accounts = Chunks<Reference>()
    private(set) var parents: ParentReferences
    private(set) var managers = Chunks<Reference>()
    private(set) var incomplete: [IncompleteRow] = []

    /// The references `plan`'s checks read, of rows laid out by `layout`; the parents written
    /// to a file in `spillDirectory` when given (rows set aside), held when not.
    init(plan: Plan, layout: RowLayout, spillDirectory: URL? = nil) throws(SpillFile.Failure) {
        accountSlot = plan.rowRules.accountMustExist ? layout.slots["account_id"] : nil
        parentSlot = plan.rowRules.checkParents ? layout.slots["parent_id"] : nil
        let users = plan.object == .totangoUser
        managerSlot = users ? layout.slots["manager_id"] : nil
        required = users ? plan.rowRules.requiredForNew.map { ($0, layout.slots[$0]) } : []
        parents = if let spillDirectory, parentSlot != nil { .spilled(try SpilledReferences(directory: spillDirectory)) } else { .held(Chunks()) }
    }

    /// Whether the checks search the file's keys: a parent or a manager may be one of its rows.
    var searchesKeys: Bool { parentSlot != nil || managerSlot != nil }

    /// Takes `row`, the `index`th in key order.
    mutating func take(_ row: EvaluatedRow, index: Int32) throws(SpillFile.Failure) {
        if let account = row.value(at: accountSlot) { accounts.append(Reference(index: index, line: row.line, value: account)) }
        if let parent = row.value(at: parentSlot) { try parents.append(Reference(index: index, line: row.line, value: parent)) }
        if let manager = row.value(at: managerSlot) { managers.append(Reference(index: index, line: row.line, value: manager)) }
        guard !required.isEmpty else { return }
        let missing = required.filter { row.value(at: $0.slot)?.isEmpty ?? true }
        if let first = missing.first {
            incomplete.append(IncompleteRow(index: index, line: row.line, key: row.key, missing: missing.map(\.field), value: row.value(at: first.slot)))
        }
    }

    /// Writes the parents set aside, if any; they can be read after.
    func finish() throws(SpillFile.Failure) {
        try parents.finish()
    }

    /// The references of `rows`, in key order, held.
    static func of(_ rows: [EvaluatedRow], plan: Plan, layout: RowLayout) throws(SpillFile.Failure) -> RowReferences {
        var references = try RowReferences(plan: plan, layout: layout)
        for index in rows.indices { try references.take(rows[index], index: Int32(index)) }
        return references
    }
}

/// A row that leaves empty fields a new record needs: rejected unless its key is stored.
struct IncompleteRow {
    /// The row's index among the rows checked, in key order.
    let index: Int32
    let line: Int
    let key: String
    /// The fields it leaves empty, in the spec's order.
    let missing: [String]
    /// What the row holds in the first of them (nil, or empty).
    let value: String?
}
