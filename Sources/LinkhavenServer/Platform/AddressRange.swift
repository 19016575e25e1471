import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A block of IP addresses an operator names in the configuration (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`):
/// who may read the metrics, which proxies are believed. IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`, as a
/// dual-stack listener reports IPv4 peers) are compared as the IPv4 address they carry.
struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's address bytes (4 or 16) and how many leading bits must match.
    let network: [UInt8]
    let prefix: Int

    /// Parses `address` or `address/prefix`; nil when it is neither.
    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let bytes = Self.bytes(String(parts[0])) else { return nil }
        let width = bytes.count * 8
        var prefix = width
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...width).contains(p), parts[1].allSatisfy(\.isASCII) else { return nil }
            prefix = p
        }
        self.network = Self.masked(bytes, prefix)
        self.prefix = prefix
    }

    /// Whether `address` (as a socket reports it) is in the range.
    func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address), bytes.count == network.count else { return false }
        return Self.masked(bytes, prefix) == network
    }

    var description: String { "\(Self.text(network))/\(prefix)" }

    /// The loopback addresses, IPv4 and IPv6.
    static let loopback = [AddressRange("127.0.0.0/8")!, AddressRange("::1/128")!]

    /// A comma-separated list (`none` or empty for no address at all); throws naming the entry that is not an address.
    static func list(_ text: String, setting: String) throws -> [AddressRange] {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if entries == ["none"] { return [] }
        return try entries.map { e in
            guard let r = AddressRange(e) else {
                throw ConfigurationError("\(setting): '\(e.prefix(60))' is not an IP address or a block such as 10.0.0.0/8 or fd00::/8")
            }
            return r
        }
    }

    private static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        let mapped = b[0..<10].allSatisfy { $0 == 0 } && b[10] == 0xff && b[11] == 0xff
        return mapped ? Array(b[12..<16]) : b
    }

    private static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { i, b in
            let keep = max(0, min(8, prefix - i * 8))
            return keep == 8 ? b : b & ~(UInt8(0xff) >> keep)
        }
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &out, socklen_t(out.count)) }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A setting the server was given that it cannot use, named with what is wrong (never a secret's value).
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
