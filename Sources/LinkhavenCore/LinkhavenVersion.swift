/// The version of the Linkhaven tools, recorded in manifests.
public enum LinkhavenVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
