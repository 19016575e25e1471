import Crypto

/// The key of one project, derived from a project secret and the project's identifier. Every
/// token, CLK and blocking key in the project is made under a key derived from it per field.
public struct ProjectKey: Sendable {
    /// The key material.
    public let key: SymmetricKey

    /// The project key's fingerprint, recorded in every manifest and registered on the platform.
    public var fingerprint: String { KeyFingerprint.of(key) }

    /// The key for tokens of one linkage field (e.g. `date_of_birth`).
    public func tokenKey(field: String) -> SymmetricKey {
        KeyDerivation.derive(from: key, info: "token/\(field)")
    }

    /// The key for one CLK's Bloom-filter hashing.
    public func clkKey(name: String) -> SymmetricKey {
        KeyDerivation.derive(from: key, info: "clk/\(name)")
    }

    /// The key for one blocking key.
    public func blockingKey(name: String) -> SymmetricKey {
        KeyDerivation.derive(from: key, info: "block/\(name)")
    }
}
