import IntakeRunner

/// A store for spec tests: empty, except that every account a row names is taken to exist,
/// so a user or task example does not need an account file loaded first.
struct AssumedAccountsStore: ForwardingStateStore {
    let base: any StateStore

    func existingKeys(in namespace: String, among keys: [String]) throws(StoreError) -> Set<String> {
        namespace == "account" ? Set(keys) : try base.existingKeys(in: namespace, among: keys)
    }
}
