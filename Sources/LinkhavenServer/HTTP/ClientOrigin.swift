import Foundation
import Vapor

/// Where a request came from, as far as the server may believe it. `X-Forwarded-For` and `X-Forwarded-Proto` are
/// read only when the connection itself comes from a proxy the operator named (`LINKHAVEN_TRUSTED_PROXIES`); from
/// anyone else they are ignored, so a client cannot choose the address its rate limit is counted against, nor claim
/// it came over HTTPS.
struct ClientOrigin: Sendable, Equatable {
    /// The client's address (the nearest one in `X-Forwarded-For` that is not itself a trusted proxy), or `local`
    /// when the request has no peer (one made in process).
    var address: String
    /// Whether the client reached the platform over HTTPS (its own TLS, or the trusted proxy's).
    var https: Bool
    /// Whether it came through a trusted proxy.
    var proxied: Bool
    /// A browser on this machine talking to the server directly over plain HTTP: local development (the demo).
    var localDevelopment: Bool {
        !proxied && !https && (address == "local" || AddressRange.loopback.contains { $0.contains(address) })
    }

    /// The origin of a connection from `peer` with these headers, trusting `proxies`.
    init(peer: String?, headers: HTTPHeaders, scheme: String?, proxies: [AddressRange]) {
        guard let peer, proxies.contains(where: { $0.contains(peer) }) else {
            self.init(address: peer ?? "local", https: scheme == "https", proxied: false)
            return
        }
        // Right to left: each hop a trusted proxy added; the first address no trusted proxy owns is the client's.
        let hops = headers[canonicalForm: "X-Forwarded-For"].map { String($0).trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard AddressRange(hop) != nil, !hop.contains("/") else { break }   // not an address: believe nothing further left
            client = hop
            if !proxies.contains(where: { $0.contains(hop) }) { break }
        }
        let proto = headers[canonicalForm: "X-Forwarded-Proto"].first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        self.init(address: client, https: proto.map { $0 == "https" } ?? (scheme == "https"), proxied: true)
    }

    init(address: String, https: Bool, proxied: Bool) {
        self.address = address; self.https = https; self.proxied = proxied
    }
}

extension Request {
    private struct OriginKey: StorageKey { typealias Value = ClientOrigin }

    /// Where this request came from (worked out once; a web page's calls to the API in process carry their page's).
    var origin: ClientOrigin {
        get {
            if let known = storage[OriginKey.self] { return known }
            let o = ClientOrigin(peer: remoteAddress?.ipAddress, headers: headers, scheme: url.scheme, proxies: platform.trustedProxies)
            storage[OriginKey.self] = o
            return o
        }
        set { storage[OriginKey.self] = newValue }
    }
}
