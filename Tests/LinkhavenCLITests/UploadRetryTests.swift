import Foundation
import Testing

/// `linkhaven upload` against a platform that is not there: it says what it waits for, keeps trying
/// for `--retry-for` seconds, and then gives up in words (no error domain or code).
@Suite("linkhaven upload waits out a missing platform, then says so")
struct UploadRetryTests {
    /// Which route, said plainly when it is not clear: neither --server with --project nor --sftp, or an --sftp target
    /// that is not ACCOUNT@HOST[:PORT], is refused before anything is sent.
    @Test func theRouteMustBeGivenAndWellFormed() throws {
        let cli = try CLIRunner()
        try Data("record_token\n".utf8).write(to: URL(fileURLWithPath: cli.path("x.csv")))
        let neither = try cli.run(["upload", "x.csv"])
        #expect(neither.status != 0 && neither.stderr.contains("give --server and --project (or --sftp ACCOUNT@HOST[:PORT])"), "\(neither.stderr)")
        for bad in ["127.0.0.1:2222", "lh-z1@", "lh z1@host", "lh-z1@host:99999", "lh-z1@-oProxyCommand=x", "-oProxyCommand=x@host"] {
            let r = try cli.run(["upload", "x.csv", "--sftp", bad])
            #expect(r.status != 0 && r.stderr.contains("--sftp"), "\(bad): \(r.stderr)")
        }
    }

    @Test func anUnreachablePlatformIsRetriedThenReportedInWords() throws {
        let cli = try CLIRunner()
        for f in ["spec.json", "housing.csv", "lsoa-lookup.csv"] { try cli.copySample(f) }
        try cli.run(["key", "generate", "--out", "project.key"])
        try cli.run(["key", "generate", "--out", "vault.key"])
        let p = try cli.run(["pseudonymise", "housing.csv", "--spec", "spec.json", "--dataset", "housing", "--key", "project.key", "--vault-key", "vault.key"])
        #expect(p.status == 0, "\(p.stderr)")
        let missing = try cli.run(["upload", "housing.csv", "--server", "http://127.0.0.1:9", "--project", UUID().uuidString], env: ["LINKHAVEN_TOKEN": "lht_x"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read the manifest 'housing.manifest.json'") && !missing.stderr.contains("Domain"),
                "a missing manifest is named, in words: \(missing.stderr)")
        // A port on 127.0.0.1 that nothing listens on: bind one, note it, close it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in(); addr.sin_family = sa_family_t(AF_INET); addr.sin_addr.s_addr = inet_addr("127.0.0.1"); addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        close(fd)
        let started = Date()
        let r = try cli.run(["upload", "housing.pseudo.csv", "--server", "http://127.0.0.1:\(port)", "--project", UUID().uuidString, "--retry-for", "3"],
                        env: ["LINKHAVEN_TOKEN": "lht_test_not_a_real_token"])
        let took = Date().timeIntervalSince(started)
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot reach the platform at http://127.0.0.1:\(port)") && r.stderr.contains("connection refused"), "\(r.stderr)")
        #expect(r.stderr.contains("trying again in"), "it says what it is waiting for: \(r.stderr)")
        #expect(r.stderr.contains("run the same command again"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSURLErrorDomain") && !r.stderr.contains("-1004"), "no raw error codes: \(r.stderr)")
        #expect(took >= 1 && took < 30, "it kept trying for about --retry-for seconds (took \(took) s)")
    }
}
