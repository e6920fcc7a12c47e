extension Runner {
    /// The tag of the fingerprints the integration's last apply kept, if it ran this spec and
    /// model: other tags cannot match this plan's rows, and looking for them costs a scan of
    /// the records (a saved changeset's apply, or one by an intake before fingerprints, kept none).
    func tagOfLastApply() -> UInt32? {
        guard let last = try? store.lastApplied(integration: plan.integration),
            last.specDigest == plan.digests.spec, last.modelDigest == plan.digests.model
        else { return nil }
        return last.fingerprintTag
    }

    /// The fingerprints kept with this plan's records under `tag`; none when their table would
    /// take more than a quarter of the memory budget.
    ///
    /// Recognising rows only saves work: a store that cannot say gives none, and every row is
    /// evaluated and compared in full, where a real store failure is reported. So does a store
    /// whose fingerprints do not fit the budget (at ten million records they took 200 MB, past
    /// a 64 MiB budget three times over): a budget bounds what the plan holds.
    func knownFingerprints(tag: UInt32) -> [RowFingerprint] {
        (try? store.rowFingerprints(in: Self.namespace(of: plan), tag: tag, limit: fingerprintLimit ?? memoryBudget / 4 / KnownFingerprints.bytesEach) ?? nil) ?? []
    }
}
