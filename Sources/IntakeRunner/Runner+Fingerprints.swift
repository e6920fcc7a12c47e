extension Runner {
    /// Whether the store may hold fingerprints of this plan's rows: the integration's last
    /// apply ran this spec and model. Otherwise none can match, and looking costs a scan.
    func storeMayRecognise() -> Bool {
        guard let last = try? store.lastApplied(integration: plan.integration) else { return false }
        return last.specDigest == plan.digests.spec && last.modelDigest == plan.digests.model
    }

    /// The fingerprints kept with this plan's records under `tag`.
    ///
    /// Recognising rows only saves work: a store that cannot say gives none, and every row is
    /// evaluated and compared in full, where a real store failure is reported.
    func knownFingerprints(tag: UInt32) -> [RowFingerprint] {
        (try? store.rowFingerprints(in: Self.namespace(of: plan), tag: tag)) ?? []
    }
}
