/// Keys sorted in UTF-8 byte order, each found by its index among them: in memory
/// (`SortedKeys`) or in a file (`DiskKeys`).
protocol KeyIndex {
    /// How many keys there are.
    var count: Int { get }
    /// The index of `key`, if it is one of them.
    func index(of key: String) throws -> Int?
    /// `index(of:)` of each key the references name, -1 where it is none of them. (Concrete:
    /// a generic requirement called through `any KeyIndex` read each key through a witness table.)
    func indices(of keys: Reference.Values) throws -> [Int32]
}
