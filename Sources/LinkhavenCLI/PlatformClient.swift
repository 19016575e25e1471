import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinkhavenAPI
import LinkhavenCore

/// A small synchronous HTTPS client for the platform API, authenticated with an API token.
/// Plain HTTP is refused except to this machine (loopback), so a token never crosses a network in clear.
/// A request that meets a passing fault (no connection, a dropped one, a timeout, 5xx, 429) is sent
/// again after an exponential, jittered pause (or the server's `Retry-After`), for up to `retryFor`
/// seconds, saying each time what it is waiting for; what it finally reports is in words, never an
/// error domain and code.
struct PlatformClient {
    let base: URL
    let token: String
    let session: URLSession
    /// How long to keep trying through passing faults before giving up.
    var retryFor: TimeInterval
    /// Where it says what it is waiting for (standard error).
    var say: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(("linkhaven: " + $0 + "\n").utf8)) }

    init(server: String, token: String, retryFor: TimeInterval = 600) throws {
        guard let url = URL(string: server), let scheme = url.scheme, let host = url.host else { throw CLIError("--server must be a URL such as https://linkhaven.example.gov.uk") }
        guard scheme == "https" || (scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host)) else {
            throw CLIError("--server must use https (plain http only to this machine)")
        }
        guard token.hasPrefix("lht_"), token.count < 100 else { throw CLIError("the API token does not look like one (it starts lht_)") }
        guard retryFor >= 0, retryFor <= 7 * 86_400 else { throw CLIError("--retry-for must be 0 to 604800 seconds") }
        base = url
        self.token = token
        self.retryFor = retryFor
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 120
        session = URLSession(configuration: c)
    }

    struct Reply { var status: Int; var body: Data; var retryAfter: Double? }

    /// The API token from `--token-file` (which must be mode 0600) or `LINKHAVEN_TOKEN`.
    static func apiToken(file: String?) throws -> String {
        if let file {
            try SecretKey.checkPrivate(path: file)
            return (try String(contentsOfFile: file, encoding: .utf8)).trimmingWhitespace
        }
        guard let t = ProcessInfo.processInfo.environment["LINKHAVEN_TOKEN"] else { throw CLIError("give the API token in LINKHAVEN_TOKEN or --token-file") }
        return t
    }

    /// Sends a request and waits for its reply, trying again through passing faults; a fault that
    /// lasts longer than `retryFor`, or one that will not pass, throws a `CLIError` that says what happened.
    func send(_ method: String, _ path: String, json: Data? = nil, body: Data? = nil, headers: [String: String] = [:]) throws -> Reply {
        let start = Date()
        var attempt = 0
        while true {
            let why: String, serverWait: Double?
            do {
                let r = try sendOnce(method, path, json: json, body: body, headers: headers)
                guard r.status == 429 || [500, 502, 503, 504].contains(r.status) else { return r }
                why = r.status == 429 ? "the platform is busy (\(Self.problem(r)))" : "the platform answered \(r.status) (\(Self.problem(r)))"
                serverWait = r.retryAfter
            } catch {
                guard let passing = Self.passingFault(error) else { throw CLIError("cannot reach the platform at \(base.absoluteString): \(Self.describe(error))") }
                why = "cannot reach the platform at \(base.absoluteString) (\(passing))"
                serverWait = nil
            }
            attempt += 1
            // The pause grows (with jitter), but is cut to what is left of the budget: the tool keeps trying
            // for the whole of --retry-for rather than giving up early because the next pause would be long.
            let waited = Date().timeIntervalSince(start), left = retryFor - waited
            guard left > 0.05 else {
                throw CLIError("\(why), still after \(Int(waited.rounded())) s; nothing sent so far is lost: run the same command again to carry on")
            }
            let pause = min(left, max(serverWait ?? 0, Double.random(in: 0.25...min(30, 0.5 * pow(2, Double(min(attempt, 8)))))))
            say("\(why); trying again in \(String(format: "%.1f", pause)) s")
            Thread.sleep(forTimeInterval: pause)
        }
    }

    private func sendOnce(_ method: String, _ path: String, json: Data?, body: Data?, headers: [String: String]) throws -> Reply {
        var r = URLRequest(url: base.appendingPathComponent(path))
        r.httpMethod = method
        r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        if let json { r.httpBody = json; r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let body { r.httpBody = body; r.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type") }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Reply, any Error> = .failure(CLIError("no reply"))
        session.dataTask(with: r) { data, response, error in
            if let error { result = .failure(error) } else {
                let http = response as? HTTPURLResponse
                result = .success(Reply(status: http?.statusCode ?? 0, body: data ?? Data(),
                                        retryAfter: (http?.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)))
            }
            done.signal()
        }.resume()
        done.wait()
        return try result.get()
    }

    /// A fault worth waiting out, in words; `nil` for one that will not pass by itself (a bad address,
    /// a certificate this machine does not accept, a request cancelled). Anything else the network does
    /// (a reset, a refused or dropped connection, a half answer) is waited out.
    static func passingFault(_ error: any Error) -> String? {
        switch (error as? URLError)?.code {
        case .cannotConnectToHost?: "connection refused: is it restarting?"
        case .networkConnectionLost?: "the connection dropped"
        case .timedOut?: "no answer in time"
        case .notConnectedToInternet?: "this machine is not connected to a network"
        case .cannotFindHost?, .dnsLookupFailed?: "its name could not be looked up"
        case .badServerResponse?, .zeroByteResource?, .cannotParseResponse?: "an incomplete answer"
        case .badURL?, .unsupportedURL?, .cancelled?, .userAuthenticationRequired?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
             .serverCertificateHasUnknownRoot?, .serverCertificateNotYetValid?, .secureConnectionFailed?, .clientCertificateRejected?,
             .clientCertificateRequired?, .appTransportSecurityRequiresSecureConnection?: nil
        default: "the connection failed"
        }
    }

    /// Any network fault, in words.
    static func describe(_ error: any Error) -> String {
        if let passing = passingFault(error) { return passing }
        switch (error as? URLError)?.code {
        case .serverCertificateUntrusted?, .serverCertificateHasBadDate?, .serverCertificateHasUnknownRoot?, .serverCertificateNotYetValid?,
             .secureConnectionFailed?:
            return "its TLS certificate was not accepted (check the address, and that this machine trusts the certificate)"
        case .badURL?, .unsupportedURL?: return "the address is not a usable URL"
        case nil: return "\(error)"
        default: return "the network request failed"
        }
    }

    /// The `error` of a problem reply.
    static func problem(_ r: Reply) -> String {
        Problem.reason(in: r.body) ?? "HTTP \(r.status)"
    }
}
