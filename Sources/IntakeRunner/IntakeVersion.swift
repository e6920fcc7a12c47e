/// This build of intake, as `intake --version` prints it; row fingerprints are seeded with it.
public enum IntakeVersion {
    /// The version string.
    public static let current = "0.1.0"
}
