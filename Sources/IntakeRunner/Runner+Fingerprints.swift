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

    /// The fingerprints kept with this plan's records under `tag`.
    ///
    /// Recognising rows only saves work: a store that cannot say gives none, and every row is
    /// evaluated and compared in full, where a real store failure is reported.
    func knownFingerprints(tag: UInt32) -> [RowFingerprint] {
        (try? store.rowFingerprints(in: Self.namespace(of: plan), tag: tag)) ?? []
    }
}
