import IntakeRunner

/// Which stored values the records of a namespace hold, loaded on first question, to tell a
/// harmless model change from one that reaches stored data.
final class StoredUsage: @unchecked Sendable {
    // Used from one thread by DiffService; the class only memoises store reads.
    private let store: (any StateStore)?
    private var cache: [String: [StoredRecord]] = [:]

    init(store: (any StateStore)?) {
        self.store = store
    }

    /// How many records hold a value for `attribute`; nil when there is no store to ask.
    func records(in namespace: String, with attribute: String) -> Int? {
        load(namespace).map { records in records.count { !($0.fields[attribute] ?? "").isEmpty } }
    }

    /// How many records hold exactly `value` for `attribute`; nil when there is no store to ask.
    func records(in namespace: String, with attribute: String, equalTo value: String) -> Int? {
        load(namespace).map { records in records.count { $0.fields[attribute] == value } }
    }

    private func load(_ namespace: String) -> [StoredRecord]? {
        guard let store else { return nil }
        if let cached = cache[namespace] { return cached }
        // A store that cannot be read is no evidence that nothing is stored: assume the worst.
        guard let records = try? store.allRecords(in: namespace) else { return nil }
        cache[namespace] = records
        return records
    }

    /// The severity of a change that matters only if stored records hold the value, and why.
    func severity(count: Int?, what: String) -> (SemanticChange.Severity, String) {
        switch count {
        case nil: (.destructive, "the state store could not be asked whether stored records hold \(what); assume they do")
        case 0?: (.review, "no stored record holds \(what)")
        case let n?: (.destructive, "\(n) stored record\(n == 1 ? "" : "s") hold\(n == 1 ? "s" : "") \(what)")
        }
    }
}
