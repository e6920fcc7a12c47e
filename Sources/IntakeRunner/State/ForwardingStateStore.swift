/// A store that hands every request to `base` except those it implements itself: for stores
/// that change one behaviour of another (spec tests' assumed accounts, test doubles).
package protocol ForwardingStateStore: StateStore {
    /// The store the other requests go to.
    var base: any StateStore { get }
}

extension ForwardingStateStore {
    /// `base`'s records.
    package func records(in namespace: String, keys: [String]) throws(StoreError) -> [String: StoredRecord] {
        try base.records(in: namespace, keys: keys)
    }

    /// `base`'s visits.
    package func visitFields(in namespace: String, sortedKeys: [String], _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Void) throws(StoreError) {
        try base.visitFields(in: namespace, sortedKeys: sortedKeys, visit)
    }

    /// `base`'s keys.
    package func existingKeys(in namespace: String, among keys: [String]) throws(StoreError) -> Set<String> {
        try base.existingKeys(in: namespace, among: keys)
    }

    /// `base`'s records of a namespace.
    package func allRecords(in namespace: String) throws(StoreError) -> [StoredRecord] { try base.allRecords(in: namespace) }

    /// `base`'s parent links.
    package func parentLinks() throws(StoreError) -> [String: String] { try base.parentLinks() }

    /// Applies to `base`.
    package func apply(_ changeset: Changeset, run: RunRecord) throws(StoreError) -> RunRecord { try base.apply(changeset, run: run) }

    /// Records in `base`.
    package func record(_ run: RunRecord) throws(StoreError) -> RunRecord { try base.record(run) }

    /// `base`'s runs.
    package func runs(integration: String?, limit: Int) throws(StoreError) -> [RunRecord] { try base.runs(integration: integration, limit: limit) }

    /// `base`'s last applied run.
    package func lastApplied(integration: String) throws(StoreError) -> RunRecord? { try base.lastApplied(integration: integration) }

    /// `base`'s row fingerprints.
    package func rowFingerprints(in namespace: String, tag: UInt32, limit: Int) throws(StoreError) -> [RowFingerprint]? {
        try base.rowFingerprints(in: namespace, tag: tag, limit: limit)
    }
}
