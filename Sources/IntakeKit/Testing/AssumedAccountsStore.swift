import IntakeRunner

/// A store for spec tests: empty, except that every account a row names is taken to exist,
/// so a user or task example does not need an account file loaded first.
struct AssumedAccountsStore: StateStore {
    let base: any StateStore

    func records(in namespace: String, keys: [String]) throws(StoreError) -> [String: StoredRecord] {
        try base.records(in: namespace, keys: keys)
    }

    func existingKeys(in namespace: String, among keys: [String]) throws(StoreError) -> Set<String> {
        namespace == "account" ? Set(keys) : try base.existingKeys(in: namespace, among: keys)
    }

    func allRecords(in namespace: String) throws(StoreError) -> [StoredRecord] { try base.allRecords(in: namespace) }

    func parentLinks() throws(StoreError) -> [String: String] { try base.parentLinks() }

    func apply(_ changeset: Changeset, run: RunRecord) throws(StoreError) -> RunRecord { try base.apply(changeset, run: run) }

    func record(_ run: RunRecord) throws(StoreError) -> RunRecord { try base.record(run) }

    func runs(integration: String?, limit: Int) throws(StoreError) -> [RunRecord] { try base.runs(integration: integration, limit: limit) }

    func lastApplied(integration: String) throws(StoreError) -> RunRecord? { try base.lastApplied(integration: integration) }
}
