/// The loader's limits against hostile or accidental input.
public struct LoadLimits: Sendable {
    /// Largest spec or model file, in bytes.
    public var maxFileBytes: Int
    /// Most YAML nodes a document may expand to, aliases counted at every use.
    public var maxNodes: Int
    /// Deepest nesting of collections.
    public var maxDepth: Int

    /// Creates limits.
    public init(maxFileBytes: Int = 1 << 20, maxNodes: Int = 100_000, maxDepth: Int = 64) {
        self.maxFileBytes = maxFileBytes
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
    }

    /// 1 MiB, 100,000 nodes, depth 64: far above any real spec.
    public static let standard = LoadLimits()
}
